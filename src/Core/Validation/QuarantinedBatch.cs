namespace RetrainFunctions.Core.Validation;

/// <summary>A batch that failed validation, kept in quarantine.</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="SourceName">The file it arrived as.</param>
/// <param name="ReportPath">Its quarantine report.</param>
/// <param name="Reason">The first error, in one line (the report has all of them).</param>
public sealed record QuarantinedBatch(string BatchId, string SourceName, string ReportPath, string Reason);
