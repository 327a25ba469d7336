using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Features;

namespace RetrainFunctions.Core.Tests.Features;

public sealed class MlContextsTests
{
    [Fact]
    public void Loading_IsOneContextPerThread()
    {
        // Act
        var first = MlContexts.Loading;
        var again = MlContexts.Loading;
        MLContext? other = null;
        var thread = new Thread(() => other = MlContexts.Loading);
        thread.Start();
        thread.Join();

        // Assert
        Assert.Same(first, again);
        Assert.NotNull(other);
        Assert.NotSame(first, other);
    }

    [Fact]
    public void SaveAndLoad_ThroughTheContextsTempFolder_RoundTrip()
    {
        // Arrange: a small fitted chain.
        var ml = MlContexts.Create();
        var rows = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 50).Select(i => new Row { X = i, Label = i % 2 == 0 }).ToList());
        var model = ml.Transforms.Concatenate("Features", nameof(Row.X)).Append(ml.Transforms.NormalizeMinMax("Features")).Fit(rows);
        var folder = MlContexts.TempFolder;

        // Act
        var loaded = ModelZip.Deserialize(ModelZip.Serialize(ml, model, rows.Schema));

        // Assert: every context uses the folder when there is one (other processes share it, so what is left in it is
        // not checked here), and the model round-trips.
        if (folder is not null)
        {
            Assert.Equal(folder, ml.TempFilePath);
            Assert.True(Directory.Exists(folder));
        }

        Assert.Equal(ml.TempFilePath, MlContexts.Loading.TempFilePath);

        Assert.Equal(model.Transform(rows).GetColumn<float[]>("Features").Select(f => f[0]), loaded.Transform(rows).GetColumn<float[]>("Features").Select(f => f[0]));
    }

    private sealed class Row
    {
        public float X { get; set; }

        public bool Label { get; set; }
    }
}
