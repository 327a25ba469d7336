using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Tests.Storage;

/// <summary>
/// Pins the blob layout: every path the typed references build, for sample arguments, as a literal. Stores written by
/// earlier versions are read with these paths, so a change here breaks them (the layout is in <see cref="ModelArtifacts"/>).
/// </summary>
public sealed class ArtifactLayoutTests
{
    private static readonly ModelArtifacts M = ModelArtifacts.For("churn");

    public static TheoryData<string, string> Paths() => new()
    {
        { "specs/", SpecArtifacts.Prefix },
        { "specs/churn.json", M.Specs.Document },
        { "spec-history/churn/", M.Specs.HistoryPrefix },
        { "spec-history/churn/d1.json", M.Specs.History("d1") },
        { "incoming/churn/", M.Incoming.Prefix },
        { "incoming/churn/week 01.csv", M.Incoming.File("week 01.csv") },
        { "batches/churn/pending/", M.Batches.PendingPrefix },
        { "batches/churn/pending/b1.csv", M.Batches.Pending("b1") },
        { "batches/churn/accepted/", M.Batches.AcceptedPrefix },
        { "batches/churn/accepted/b1.csv", M.Batches.Accepted("b1") },
        { "batches/churn/accepted/b1.json", M.Batches.AcceptedManifest("b1") },
        { "batches/churn/accepted/b1.profile.json", M.Batches.AcceptedProfile("b1") },
        { "quarantine/churn/", M.Quarantine.Prefix },
        { "quarantine/churn/b1.csv", M.Quarantine.Batch("b1") },
        { "quarantine/churn/b1.report.json", M.Quarantine.Report("b1") },
        { "snapshots/churn/", M.Snapshots.Prefix },
        { "snapshots/churn/d1/", M.Snapshots.Folder("d1") },
        { "snapshots/churn/d1/manifest.json", M.Snapshots.Manifest("d1") },
        { "snapshots/churn/d1/train.idv", M.Snapshots.Split("d1", DataSplit.Train) },
        { "snapshots/churn/d1/validation.idv", M.Snapshots.Split("d1", DataSplit.Validation) },
        { "snapshots/churn/d1/holdout.idv", M.Snapshots.Split("d1", DataSplit.Holdout) },
        { "snapshots/churn/d1/holdout.csv", M.Snapshots.LegacySplit("d1", DataSplit.Holdout) },
        { "snapshots/churn/d1/profile.json", M.Snapshots.Profile("d1") },
        { "runs/churn/", M.Runs.Prefix },
        { "runs/churn/r1/", M.Runs.Run("r1").Prefix },
        { "runs/churn/r1/featurizer.zip", M.Runs.Run("r1").Featurizer },
        { "runs/churn/r1/candidates/LightGbm.zip", M.Runs.Run("r1").Candidate("LightGbm") },
        { "runs/churn/r1/refit/LightGbm.zip", M.Runs.Run("r1").Refit("LightGbm") },
        { "runs/churn/r1/validation.json", M.Runs.Run("r1").ValidationReport },
        { "runs/churn/r1/evaluation.json", M.Runs.Run("r1").EvaluationReport },
        { "runs/churn/r1/drift.json", M.Runs.Run("r1").DriftReport },
        { "runs/churn/r1/drift.html", M.Runs.Run("r1").DriftPage },
        { "runs/churn/r1/challenger-scores.profile.json", M.Runs.Run("r1").ChallengerScoresProfile },
        { "runs/churn/r1/record.json", M.Runs.Run("r1").Record },
        { "models/churn/run.lease.json", M.Deployment.RunLease },
        { "models/churn/approval/", M.Approvals.Prefix },
        { "models/churn/approval/pending.json", M.Approvals.Pending },
        { "models/churn/approval/v1.decision.json", M.Approvals.Decision("v1") },
        { "models/churn/versions/", M.Versions.Prefix },
        { "models/churn/versions/v1/model.zip", M.Versions.Version("v1").Model },
        { "models/churn/versions/v1/version.json", M.Versions.Version("v1").Manifest },
        { "models/churn/versions/v1/feature-importance.json", M.Versions.Version("v1").FeatureImportance },
        { "models/churn/versions/v1/training-scores.profile.json", M.Versions.Version("v1").TrainingScoresProfile },
        { "models/churn/versions/v1/comparison-scores.profile.json", M.Versions.Version("v1").ComparisonScoresProfile },
        { "models/churn/versions/v1/spec.json", M.Versions.Version("v1").Spec },
        { "models/churn/versions/v1/model-card.md", M.Versions.Version("v1").ModelCard },
        { "models/churn/probation/v1.json", M.Deployment.ProbationVerdict("v1") },
        { "models/churn/production.json", M.Deployment.Production },
        { "models/churn/history/", M.Deployment.HistoryPrefix },
        { "models/churn/history/0000000042.json", M.Deployment.History(42) },
        { "models/churn/policy-state.json", M.Policy.State },
        { "models/churn/decisions/", M.Policy.DecisionsPrefix },
        { "models/churn/decisions/dec1.json", M.Policy.Decision("dec1") },
        { "scratch/", ScratchArtifacts.Prefix },
        { "scratch/demo/week-01.csv", ScratchArtifacts.File("demo", "week-01.csv") },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Path_SampleArguments_IsTheDocumentedLayout(string expected, string actual) => Assert.Equal(expected, actual);

    [Theory]
    [InlineData("Not A Model")]
    [InlineData("")]
    public void For_InvalidModelName_Throws(string model) => Assert.ThrowsAny<ArgumentException>(() => ModelArtifacts.For(model));

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("")]
    public void Ids_PathTraversalOrEmpty_Throw(string id)
    {
        Assert.ThrowsAny<ArgumentException>(() => M.Runs.Run(id));
        Assert.ThrowsAny<ArgumentException>(() => M.Versions.Version(id));
        Assert.ThrowsAny<ArgumentException>(() => M.Batches.Accepted(id));
    }

    [Theory]
    [InlineData("a/b.csv")]
    [InlineData("..")]
    public void IncomingFile_NotOneSegment_Throws(string fileName) => Assert.ThrowsAny<ArgumentException>(() => M.Incoming.File(fileName));
}
