using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Tests.Storage;

public sealed class ModelArtifactsTests
{
    [Fact]
    public void Paths_ForValidModel_FollowDocumentedLayout()
    {
        Assert.Equal("specs/churn.json", ModelArtifacts.For("churn").Specs.Document);
        Assert.Equal("incoming/churn/week-1.csv", ModelArtifacts.For("churn").Incoming.File("week-1.csv"));
        Assert.Equal("batches/churn/accepted/abc.csv", ModelArtifacts.For("churn").Batches.Accepted("abc"));
        Assert.Equal("quarantine/churn/abc.report.json", ModelArtifacts.For("churn").Quarantine.Report("abc"));
        Assert.Equal("snapshots/churn/d1/holdout.idv", ModelArtifacts.For("churn").Snapshots.Split("d1", DataSplit.Holdout));
        Assert.Equal("snapshots/churn/d1/holdout.csv", ModelArtifacts.For("churn").Snapshots.LegacySplit("d1", DataSplit.Holdout));
        Assert.Equal("models/churn/production.json", ModelArtifacts.For("churn").Deployment.Production);
        Assert.Equal("models/churn/history/0000000042.json", ModelArtifacts.For("churn").Deployment.History(42));
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Paths_ForInvalidModel_Throw(string model)
    {
        Assert.Throws<ArgumentException>(() => ModelArtifacts.For(model).Specs.Document);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b.csv")]
    [InlineData("a\\b.csv")]
    [InlineData("bad\nname.csv")]
    public void Incoming_WithPathLikeFileName_Throws(string fileName)
    {
        Assert.Throws<ArgumentException>(() => ModelArtifacts.For("churn").Incoming.File(fileName));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    public void VersionModel_WithPathLikeVersion_Throws(string version)
    {
        Assert.Throws<ArgumentException>(() => ModelArtifacts.For("churn").Versions.Version(version).Model);
    }
}
