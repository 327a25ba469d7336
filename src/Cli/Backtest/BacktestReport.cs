namespace RetrainFunctions.Cli.Backtest;

/// <summary>The whole backtest, as written to <c>backtest.json</c>.</summary>
internal sealed record BacktestReport(
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
