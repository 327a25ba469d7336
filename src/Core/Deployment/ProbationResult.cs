using RetrainFunctions.Core.Evaluation;

namespace RetrainFunctions.Core.Deployment;

/// <summary>Output of <see cref="Orchestration.RetrainActivities.CheckProbation"/>: the newest deployment against its predecessor on data neither was trained on.</summary>
/// <param name="Checked">Whether a deployment on probation was judged (false: none on probation, or too few rows yet).</param>
/// <param name="Version">The production version on probation.</param>
/// <param name="PreviousVersion">The version it replaced.</param>
/// <param name="Rows">New labeled rows both scored.</param>
/// <param name="Interval">The paired bootstrap interval of the production version's improvement over the previous one.</param>
/// <param name="RolledBack">Whether production was rolled back to <paramref name="PreviousVersion"/>.</param>
/// <param name="Reason">The verdict with figures.</param>
public sealed record ProbationResult(bool Checked, string? Version, string? PreviousVersion, int Rows, MetricInterval? Interval, bool RolledBack, string Reason);
