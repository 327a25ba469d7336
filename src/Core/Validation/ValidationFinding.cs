namespace RetrainFunctions.Core.Validation;

/// <summary>One thing validation found.</summary>
/// <param name="Severity">Whether it stops the batch.</param>
/// <param name="Check">Which check found it.</param>
/// <param name="Column">The column concerned, if any.</param>
/// <param name="Message">What is wrong and what to do, in one sentence.</param>
/// <param name="Observed">The observed value (a count, a fraction, a type), if any.</param>
/// <param name="Limit">The limit it was compared with, if any.</param>
/// <param name="Line">The 1-based file line concerned, if any.</param>
public sealed record ValidationFinding(
    FindingSeverity Severity,
    ValidationCheck Check,
    string? Column,
    string Message,
    string? Observed = null,
    string? Limit = null,
    long? Line = null);
