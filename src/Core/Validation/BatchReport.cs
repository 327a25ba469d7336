namespace RetrainFunctions.Core.Validation;

/// <summary>The validation report of one batch; stored beside a quarantined batch and inside the run's report.</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="SourceName">The file it arrived as.</param>
/// <param name="Accepted">Whether it passed.</param>
/// <param name="Rows">Data rows read (0 when the file could not be read).</param>
/// <param name="Findings">Everything found, errors first.</param>
/// <param name="RunId">The run that validated it.</param>
/// <param name="ValidatedAt">When.</param>
public sealed record BatchReport(
    string BatchId,
    string SourceName,
    bool Accepted,
    int Rows,
    IReadOnlyList<ValidationFinding> Findings,
    string RunId,
    DateTimeOffset ValidatedAt);
