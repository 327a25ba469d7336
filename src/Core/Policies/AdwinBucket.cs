namespace RetrainFunctions.Core.Policies;

/// <summary>A run of consecutive samples in ADWIN's window: how many and their sum.</summary>
/// <param name="Count">Samples in the bucket.</param>
/// <param name="Sum">Their sum.</param>
public sealed record AdwinBucket(int Count, double Sum);
