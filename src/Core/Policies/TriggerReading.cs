namespace RetrainFunctions.Core.Policies;

/// <summary>One trigger's reading in a decision: whether it fired and the figure behind it.</summary>
/// <param name="Trigger">The trigger.</param>
/// <param name="Fired">Whether it fired.</param>
/// <param name="Value">The figure it looked at (decisions since retrain, days since retrain, new rows, drift score, detector statistic).</param>
/// <param name="Threshold">The figure it compared <paramref name="Value"/> with.</param>
/// <param name="Detail">The reading in words.</param>
public sealed record TriggerReading(PolicyTrigger Trigger, bool Fired, double Value, double Threshold, string Detail);
