using RetrainFunctions.Core.Policies;

namespace RetrainFunctions.Cli.Backtest;

/// <summary>One policy's replay: prequential metrics over the scored rows, cost and the batch-by-batch trace.</summary>
internal sealed record PolicyResult(
    string Name,
    PolicySpec Policy,
    IReadOnlyDictionary<string, double> Metrics,
    int Retrains,
    int Deployments,
    long TrainingRows,
    double Seconds,
    IReadOnlyList<BatchPoint> Batches);
