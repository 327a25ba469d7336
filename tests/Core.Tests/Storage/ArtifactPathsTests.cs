using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Tests.Storage;

public sealed class ArtifactPathsTests
{
    [Fact]
    public void Paths_ForValidModel_FollowDocumentedLayout()
    {
        Assert.Equal("specs/churn.json", ArtifactPaths.Spec("churn"));
        Assert.Equal("incoming/churn/week-1.csv", ArtifactPaths.Incoming("churn", "week-1.csv"));
        Assert.Equal("batches/churn/accepted/abc.csv", ArtifactPaths.AcceptedBatch("churn", "abc"));
        Assert.Equal("quarantine/churn/abc.report.json", ArtifactPaths.QuarantineReport("churn", "abc"));
        Assert.Equal("snapshots/churn/d1/holdout.idv", ArtifactPaths.SnapshotSplit("churn", "d1", DataSplit.Holdout));
        Assert.Equal("snapshots/churn/d1/holdout.csv", ArtifactPaths.LegacySnapshotSplit("churn", "d1", DataSplit.Holdout));
        Assert.Equal("models/churn/production.json", ArtifactPaths.ProductionPointer("churn"));
        Assert.Equal("models/churn/history/0000000042.json", ArtifactPaths.PointerHistory("churn", 42));
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Paths_ForInvalidModel_Throw(string model)
    {
        Assert.Throws<ArgumentException>(() => ArtifactPaths.Spec(model));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b.csv")]
    [InlineData("a\\b.csv")]
    [InlineData("bad\nname.csv")]
    public void Incoming_WithPathLikeFileName_Throws(string fileName)
    {
        Assert.Throws<ArgumentException>(() => ArtifactPaths.Incoming("churn", fileName));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    public void VersionModel_WithPathLikeVersion_Throws(string version)
    {
        Assert.Throws<ArgumentException>(() => ArtifactPaths.VersionModel("churn", version));
    }
}
