namespace RetrainFunctions.Core.Storage;

/// <summary>The result of <see cref="ArtifactLease.TryAcquireAsync"/>.</summary>
/// <param name="Lease">The lease, when taken; dispose it to release.</param>
/// <param name="Holder">When not taken: the live holder. When taken: the expired or dead holder it replaced, if any.</param>
public sealed record LeaseAttempt(ArtifactLease? Lease, LeaseDocument? Holder);
