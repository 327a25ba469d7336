using RetrainFunctions.Core.Policies;

namespace RetrainFunctions.Lab.Backtesting;

/// <summary>One policy's replay: prequential metrics over the scored rows, cost and the batch-by-batch trace.</summary>
/// <param name="Name">The policy's name (<see cref="BacktestPolicy.Name"/>).</param>
/// <param name="Policy">The policy the spec carried.</param>
/// <param name="Metrics">Prequential metrics by name (accuracy, f1, kappa, kappaTemporal; or mae, rmse, r2).</param>
/// <param name="Retrains">Runs of the real pipeline.</param>
/// <param name="Deployments">Runs that deployed.</param>
/// <param name="TrainingRows">Training rows summed over the runs (the cost).</param>
/// <param name="Seconds">Wall-clock seconds of the replay.</param>
/// <param name="Batches">The batch-by-batch trace.</param>
public sealed record PolicyResult(
    string Name,
    PolicySpec Policy,
    IReadOnlyDictionary<string, double> Metrics,
    int Retrains,
    int Deployments,
    long TrainingRows,
    double Seconds,
    IReadOnlyList<BatchPoint> Batches);
