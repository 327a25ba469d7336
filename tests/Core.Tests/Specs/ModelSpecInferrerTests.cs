using System.Text;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Tests.Specs;

public sealed class ModelSpecInferrerTests
{
    private const string Elec2Like = """
        timestamp,date,day,period,nswprice,class
        1996-05-07T00:00,0,2,0,0.056443,UP
        1996-05-07T00:30,0,2,0.021277,0.051699,UP
        1996-05-07T01:00,0,2,0.042553,0.051489,DOWN
        1996-05-07T01:30,0,3,0.06383,0.045485,DOWN
        """;

    [Fact]
    public void Infer_Elec2LikeData_BinaryWithUpPositiveAndTimestamp()
    {
        var inference = Infer(Elec2Like, new SpecInferenceOptions { Model = "elec", Label = "class" });

        var spec = inference.Spec;
        Assert.Equal(ModelTask.BinaryClassification, spec.Task);
        Assert.Equal("UP", spec.Label.PositiveClass);
        Assert.Equal("timestamp", spec.TimestampColumn);
        Assert.Equal(["day", "period", "nswprice"], spec.Features.Select(f => f.Name));
        Assert.All(spec.Features, f => Assert.Equal(FeatureType.Numeric, f.Type));
        Assert.Contains(inference.Notes, n => n.Contains("'date': left out, constant", StringComparison.Ordinal));
    }

    [Fact]
    public void Infer_TextColumnsAndNumericLabel_CategoricalAndRegression()
    {
        var rows = string.Join('\n', Enumerable.Range(0, 60).Select(i => $"{(i % 3 == 0 ? "red" : "blue")},{i * 1.5},{i * 10.25}"));

        var spec = Infer($"color,size,price\n{rows}\n", new SpecInferenceOptions { Model = "prices", Label = "price" }).Spec;

        Assert.Equal(ModelTask.Regression, spec.Task);
        Assert.Null(spec.Label.PositiveClass);
        Assert.Equal(FeatureType.Categorical, spec.Features.Single(f => f.Name == "color").Type);
        Assert.Equal(FeatureType.Numeric, spec.Features.Single(f => f.Name == "size").Type);
    }

    [Fact]
    public void Infer_ThreeTextClasses_Multiclass()
    {
        var spec = Infer("x,kind\n1,cat\n2,dog\n3,bird\n4,cat\n", new SpecInferenceOptions { Model = "pets", Label = "kind" }).Spec;

        Assert.Equal(ModelTask.MulticlassClassification, spec.Task);
    }

    [Fact]
    public void Infer_AmbiguousPositiveClass_AsksForOption()
    {
        var ex = Assert.Throws<ModelSpecException>(() => Infer("x,team\n1,red\n2,blue\n", new SpecInferenceOptions { Model = "teams", Label = "team" }));

        Assert.Contains("--positive-class", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'red'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Infer_IdColumnAndExcludedColumn_AreLeftOut()
    {
        var rows = string.Join('\n', Enumerable.Range(0, 60).Select(i => $"id{i},{i % 7},{i % 5},{(i % 2 == 0 ? "1" : "0")}"));

        var inference = Infer($"id,a,leak,y\n{rows}\n", new SpecInferenceOptions { Model = "ids", Label = "y", Exclude = ["leak"] });

        Assert.Equal(["a"], inference.Spec.Features.Select(f => f.Name));
        Assert.Equal("1", inference.Spec.Label.PositiveClass);
        Assert.Contains(inference.Notes, n => n.Contains("looks like an id", StringComparison.Ordinal));
    }

    [Fact]
    public void Infer_UnknownLabel_NamesColumns()
    {
        var ex = Assert.Throws<ModelSpecException>(() => Infer("a,b\n1,2\n", new SpecInferenceOptions { Model = "m1", Label = "y" }));

        Assert.StartsWith("label:", ex.Message, StringComparison.Ordinal);
    }

    private static SpecInference Infer(string csv, SpecInferenceOptions options) =>
        ModelSpecInferrer.Infer(new MemoryStream(Encoding.UTF8.GetBytes(csv.Replace("\r\n", "\n", StringComparison.Ordinal))), options);
}
