namespace RetrainFunctions.Core.Drift;

/// <summary>One batch of a drift replay.</summary>
/// <param name="Index">The batch number, from 0.</param>
/// <param name="FirstRow">Its first data row (0-based, header excluded).</param>
/// <param name="Rows">Its rows.</param>
/// <param name="Report">Its drift against the reference.</param>
public sealed record ReplayedBatch(int Index, int FirstRow, int Rows, DriftReport Report);
