namespace RetrainFunctions.Lab.Backtesting;

/// <summary>One batch of one policy's replay.</summary>
/// <param name="Batch">The batch index.</param>
/// <param name="Rows">Rows scored (0 for history batches).</param>
/// <param name="Metric">The batch's primary metric (accuracy or MAE); null when not scored.</param>
/// <param name="Version">The production version that predicted it.</param>
/// <param name="LabelsThrough">The newest batch whose labels that version could have learned from (-1 when none).</param>
/// <param name="Verdict">The policy's decision after the batch's labels were revealed (null before the first decision).</param>
/// <param name="Outcome">The pipeline run's outcome when the policy retrained.</param>
/// <param name="Reason">The decision's reason.</param>
public sealed record BatchPoint(int Batch, int Rows, double? Metric, string? Version, int LabelsThrough, string? Verdict, string? Outcome, string? Reason);
