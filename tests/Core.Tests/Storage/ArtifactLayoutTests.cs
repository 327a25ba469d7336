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

    /// <summary>The same paths from the string builders the typed references replaced (removed once every call site moved).</summary>
    public static TheoryData<string, string> LegacyPaths() => new()
    {
        { "specs/", ArtifactPaths.SpecsPrefix },
        { "specs/churn.json", ArtifactPaths.Spec("churn") },
        { "spec-history/churn/", ArtifactPaths.SpecHistoryPrefix("churn") },
        { "spec-history/churn/d1.json", ArtifactPaths.SpecHistory("churn", "d1") },
        { "incoming/churn/", ArtifactPaths.IncomingPrefix("churn") },
        { "incoming/churn/week 01.csv", ArtifactPaths.Incoming("churn", "week 01.csv") },
        { "batches/churn/pending/", ArtifactPaths.PendingBatchesPrefix("churn") },
        { "batches/churn/pending/b1.csv", ArtifactPaths.PendingBatch("churn", "b1") },
        { "batches/churn/accepted/", ArtifactPaths.AcceptedBatchesPrefix("churn") },
        { "batches/churn/accepted/b1.csv", ArtifactPaths.AcceptedBatch("churn", "b1") },
        { "batches/churn/accepted/b1.json", ArtifactPaths.AcceptedBatchManifest("churn", "b1") },
        { "batches/churn/accepted/b1.profile.json", ArtifactPaths.AcceptedBatchProfile("churn", "b1") },
        { "quarantine/churn/", ArtifactPaths.QuarantinePrefix("churn") },
        { "quarantine/churn/b1.csv", ArtifactPaths.QuarantinedBatch("churn", "b1") },
        { "quarantine/churn/b1.report.json", ArtifactPaths.QuarantineReport("churn", "b1") },
        { "snapshots/churn/", ArtifactPaths.SnapshotsPrefix("churn") },
        { "snapshots/churn/d1/", ArtifactPaths.SnapshotPrefix("churn", "d1") },
        { "snapshots/churn/d1/manifest.json", ArtifactPaths.SnapshotManifest("churn", "d1") },
        { "snapshots/churn/d1/train.idv", ArtifactPaths.SnapshotSplit("churn", "d1", DataSplit.Train) },
        { "snapshots/churn/d1/validation.idv", ArtifactPaths.SnapshotSplit("churn", "d1", DataSplit.Validation) },
        { "snapshots/churn/d1/holdout.idv", ArtifactPaths.SnapshotSplit("churn", "d1", DataSplit.Holdout) },
        { "snapshots/churn/d1/holdout.csv", ArtifactPaths.LegacySnapshotSplit("churn", "d1", DataSplit.Holdout) },
        { "snapshots/churn/d1/profile.json", ArtifactPaths.SnapshotProfile("churn", "d1") },
        { "runs/churn/", ArtifactPaths.RunsPrefix("churn") },
        { "runs/churn/r1/", ArtifactPaths.RunPrefix("churn", "r1") },
        { "runs/churn/r1/featurizer.zip", ArtifactPaths.Featurizer("churn", "r1") },
        { "runs/churn/r1/candidates/LightGbm.zip", ArtifactPaths.Candidate("churn", "r1", "LightGbm") },
        { "runs/churn/r1/refit/LightGbm.zip", ArtifactPaths.RefitModel("churn", "r1", "LightGbm") },
        { "runs/churn/r1/validation.json", ArtifactPaths.ValidationReport("churn", "r1") },
        { "runs/churn/r1/evaluation.json", ArtifactPaths.EvaluationReport("churn", "r1") },
        { "runs/churn/r1/drift.json", ArtifactPaths.DriftReport("churn", "r1") },
        { "runs/churn/r1/drift.html", ArtifactPaths.DriftPage("churn", "r1") },
        { "runs/churn/r1/record.json", ArtifactPaths.RunRecord("churn", "r1") },
        { "models/churn/run.lease.json", ArtifactPaths.RunLease("churn") },
        { "models/churn/approval/", ArtifactPaths.ApprovalPrefix("churn") },
        { "models/churn/approval/pending.json", ArtifactPaths.PendingApproval("churn") },
        { "models/churn/approval/v1.decision.json", ArtifactPaths.ApprovalDecision("churn", "v1") },
        { "models/churn/versions/", ArtifactPaths.VersionsPrefix("churn") },
        { "models/churn/versions/v1/model.zip", ArtifactPaths.VersionModel("churn", "v1") },
        { "models/churn/versions/v1/version.json", ArtifactPaths.VersionManifest("churn", "v1") },
        { "models/churn/versions/v1/feature-importance.json", ArtifactPaths.VersionFeatureImportance("churn", "v1") },
        { "models/churn/versions/v1/training-scores.profile.json", ArtifactPaths.VersionTrainingScoresProfile("churn", "v1") },
        { "models/churn/versions/v1/spec.json", ArtifactPaths.VersionSpec("churn", "v1") },
        { "models/churn/versions/v1/model-card.md", ArtifactPaths.VersionModelCard("churn", "v1") },
        { "models/churn/probation/v1.json", ArtifactPaths.ProbationVerdict("churn", "v1") },
        { "models/churn/production.json", ArtifactPaths.ProductionPointer("churn") },
        { "models/churn/history/", ArtifactPaths.PointerHistoryPrefix("churn") },
        { "models/churn/history/0000000042.json", ArtifactPaths.PointerHistory("churn", 42) },
        { "models/churn/policy-state.json", ArtifactPaths.PolicyState("churn") },
        { "models/churn/decisions/", ArtifactPaths.PolicyDecisionsPrefix("churn") },
        { "models/churn/decisions/dec1.json", ArtifactPaths.PolicyDecision("churn", "dec1") },
        { "scratch/", ArtifactPaths.ScratchPrefix },
        { "scratch/demo/week-01.csv", ArtifactPaths.Scratch("demo", "week-01.csv") },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void Path_SampleArguments_IsTheDocumentedLayout(string expected, string actual) => Assert.Equal(expected, actual);

    [Theory]
    [MemberData(nameof(LegacyPaths))]
    public void LegacyPath_SampleArguments_IsTheDocumentedLayout(string expected, string actual) => Assert.Equal(expected, actual);

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
