namespace RetrainFunctions.Lab.Backtesting;

/// <summary>
/// Run the naive Python loop beside the backtest (<see cref="NaiveReference"/>: scikit-learn retrained every batch on the
/// newest rows) and add its figures to the baselines.
/// </summary>
/// <param name="WindowRows">The loop's training window in rows (null: the spec's <c>window.maxRows</c>, or every row).</param>
public sealed record PythonReference(int? WindowRows);
