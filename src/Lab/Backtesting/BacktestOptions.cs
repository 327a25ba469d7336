using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Lab.Backtesting;

/// <summary>What to replay and how.</summary>
/// <param name="Model">The model name in each policy's store.</param>
/// <param name="EvalFrom">The first scored batch (0-based); batches before it are history, revealed before the first decision.</param>
/// <param name="LabelLatency">Batches until a batch's labels are revealed: 1 = right after it is predicted.</param>
/// <param name="NaiveLagRows">The naive baseline predicts the label this many rows earlier (one period: the batch size).</param>
/// <param name="Trainers">The trainers of every run.</param>
/// <param name="Window">The training window.</param>
public sealed record BacktestOptions(
    string Model,
    int EvalFrom,
    int LabelLatency,
    int NaiveLagRows,
    IReadOnlyList<TrainerKind> Trainers,
    WindowSpec Window);
