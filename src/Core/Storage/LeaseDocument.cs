namespace RetrainFunctions.Core.Storage;

/// <summary>The content of a lease artifact: who holds it and until when.</summary>
/// <param name="Owner">The holder (for the command line: <c>{machine}:{pid}:{nonce}</c>).</param>
/// <param name="AcquiredAt">When the holder took it.</param>
/// <param name="ExpiresAt">When it lapses unless renewed.</param>
public sealed record LeaseDocument(string Owner, DateTimeOffset AcquiredAt, DateTimeOffset ExpiresAt);
