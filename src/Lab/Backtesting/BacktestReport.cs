namespace RetrainFunctions.Lab.Backtesting;

/// <summary>The whole backtest, as written to <c>backtest.json</c>.</summary>
/// <param name="Data">The replayed file.</param>
/// <param name="Task">The model task.</param>
/// <param name="Label">The label column.</param>
/// <param name="Rows">Rows in the stream.</param>
/// <param name="Batches">Batches in the stream.</param>
/// <param name="EvalFrom">The first scored batch.</param>
/// <param name="LabelLatency">Batches until a batch's labels are revealed.</param>
/// <param name="ScoredRows">Rows scored (from <paramref name="EvalFrom"/> on).</param>
/// <param name="Window">The training window, for people (<see cref="BacktestRunner.DescribeWindow"/>).</param>
/// <param name="Trainers">The trainers of every run.</param>
/// <param name="PrimaryMetric">accuracy (classification) or mae (regression).</param>
/// <param name="Policies">Each policy's result.</param>
/// <param name="Baselines">The fixed baselines' metrics by name.</param>
/// <param name="Cores">The machine's cores.</param>
/// <param name="Seconds">Wall-clock seconds of the whole backtest.</param>
public sealed record BacktestReport(
    string Data,
    string Task,
    string Label,
    int Rows,
    int Batches,
    int EvalFrom,
    int LabelLatency,
    int ScoredRows,
    string Window,
    IReadOnlyList<string> Trainers,
    string PrimaryMetric,
    IReadOnlyList<PolicyResult> Policies,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Baselines,
    int Cores,
    double Seconds);
