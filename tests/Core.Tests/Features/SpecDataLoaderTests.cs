using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tests.Fakes;

namespace RetrainFunctions.Core.Tests.Features;

public sealed class SpecDataLoaderTests
{
    [Fact]
    public async Task Load_BinaryLabel_MatchesPositiveClassIgnoringCaseAndSpaces()
    {
        // Arrange
        var spec = Spec(ModelTask.BinaryClassification, "UP");
        const string csv = "x,color,direction\n1,a,UP\n2,a, up\n3,a,Up \n4,a,DOWN\n5,a,upward\n";

        // Act
        var labels = await LoadColumnAsync<bool>(spec, csv, MlColumns.Label);

        // Assert
        Assert.Equal([true, true, true, false, false], labels);
    }

    [Fact]
    public async Task Load_QuotedFieldsWithCommaQuoteAndNewline_ReadAsOneValue()
    {
        // Arrange
        var spec = Spec(ModelTask.BinaryClassification, "UP");
        const string csv = "x,color,direction\n1,\"navy, dark\",UP\n2,\"say \"\"hi\"\"\",DOWN\n3,\"two\nlines\",UP\n";

        // Act
        var colors = await LoadColumnAsync<string>(spec, csv, "color");

        // Assert
        Assert.Equal(["navy, dark", "say \"hi\"", "two\nlines"], colors);
    }

    [Fact]
    public async Task Load_EmptyNumericAndColumnsOutOfOrder_ReadsNaNByHeaderName()
    {
        // Arrange: the label comes first and an extra column is ignored.
        var spec = Spec(ModelTask.Regression, null);
        const string csv = "direction,extra,color,x\n1.5,zz,a,0.25\n2.5,zz,b,\n";

        // Act
        var x = await LoadColumnAsync<float>(spec, csv, "x");
        var label = await LoadColumnAsync<float>(spec, csv, MlColumns.Label);

        // Assert
        Assert.Equal(0.25f, x[0]);
        Assert.True(float.IsNaN(x[1]));
        Assert.Equal([1.5f, 2.5f], label);
    }

    [Fact]
    public void ForFeature_ReservedName_IsRenamed()
    {
        // Act / Assert
        Assert.Equal("feature.Label", MlColumns.ForFeature("Label"));
        Assert.Equal("feature.__x", MlColumns.ForFeature("__x"));
        Assert.Equal("price", MlColumns.ForFeature("price"));
    }

    private static ModelSpec Spec(ModelTask task, string? positive) => new()
    {
        Name = "loader",
        Task = task,
        Label = new LabelSpec("direction", positive),
        Features = [new FeatureSpec("x", FeatureType.Numeric), new FeatureSpec("color", FeatureType.Categorical)],
    };

    private static async Task<List<T>> LoadColumnAsync<T>(ModelSpec spec, string csv, string column)
    {
        var store = new InMemoryArtifactStore();
        await store.PutTextAsync("scratch/data.csv", csv);
        using var copy = await LocalArtifactCopy.DownloadAsync(store, "scratch/data.csv");
        var view = SpecDataLoader.Load(new MLContext(seed: 1), spec, copy.LocalPath);
        return [.. view.GetColumn<T>(column)];
    }
}
