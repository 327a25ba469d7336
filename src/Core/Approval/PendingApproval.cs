namespace RetrainFunctions.Core.Approval;

/// <summary>
/// A run waiting for a person's decision, published in the store by the process that hosts the run so that
/// <c>retrain approve</c>/<c>reject</c>, the API and the dashboard can check a decision against it from anywhere.
/// </summary>
/// <param name="Model">The model.</param>
/// <param name="CandidateVersion">The version waiting (its run id); a decision must name it.</param>
/// <param name="EvaluationDigest">SHA-256 of the evaluation report under review; a decision must name it.</param>
/// <param name="Deadline">When the spec's timeout policy applies.</param>
/// <param name="WaitingHost">Who hosts the waiting run, for people (e.g. <c>retrain run (process 4242 on build-01)</c>).</param>
/// <param name="AliveUntil">The waiting host renews this while it lives; after it, the run is taken as abandoned.</param>
public sealed record PendingApproval(
    string Model,
    string CandidateVersion,
    string EvaluationDigest,
    DateTimeOffset Deadline,
    string WaitingHost,
    DateTimeOffset AliveUntil);
