using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Tests.Fakes;

namespace RetrainFunctions.Core.Tests.Features;

public sealed class FeatureEngineerTests
{
    private const string Model = "tiny";
    private const string Digest = "tiny-snapshot";

    private static readonly ModelSpec TinySpec = new()
    {
        Name = Model,
        Task = ModelTask.BinaryClassification,
        Label = new LabelSpec("y", "1"),
        Features = [new FeatureSpec("x", FeatureType.Numeric), new FeatureSpec("color", FeatureType.Categorical)],
    };

    // Train: x = 1, 2, 3, missing (mean 2); colors a, b. Validation holds x = 30 and an unseen color.
    private const string TinyTrain = "x,color,y\n1,a,1\n2,b,0\n3,a,1\n,b,0\n";
    private const string TinyValidation = "x,color,y\n30,zzz,1\n3,a,0\n";

    [Fact]
    public async Task EngineerAsync_ValidationOutsideTrainRange_NormalizesWithTrainStatisticsOnly()
    {
        // Arrange
        var store = await TinyStoreAsync();

        // Act
        var result = await Stages.Engineer(store).EngineerAsync(TinyRequest());
        var rows = await FeaturizeAsync(store, result.FeaturizerPath, TinyValidation);

        // Assert: fitted on train only: x = 30 is 28 of the train's standard deviations from its mean 2 when x = 3 is one
        // (fitted on all splits, the mean would be 9.5 and the ratio (30 − 9.5) / (3 − 9.5) negative).
        Assert.Equal(28f, rows[0][0] / rows[1][0], 3);
        Assert.InRange(rows[1][0], 1.1f, 1.5f);
    }

    [Fact]
    public async Task EngineerAsync_MissingNumeric_ReplacedByTrainMean()
    {
        // Arrange
        var store = await TinyStoreAsync();

        // Act
        var result = await Stages.Engineer(store).EngineerAsync(TinyRequest());
        var rows = await FeaturizeAsync(store, result.FeaturizerPath, TinyTrain);

        // Assert: the missing x becomes the train mean 2, which standardizes to 0.
        Assert.Equal(0f, rows[3][0], 4);
        Assert.All(rows, row => Assert.All(row, value => Assert.False(float.IsNaN(value))));
    }

    [Fact]
    public async Task EngineerAsync_NarrowNumeric_CentredAndScaledToUnitVariance()
    {
        // Arrange: x spreads over 0.49–0.51 only; min-max scaling (divide by max |x|) would leave it within 0.96–1.
        var random = new Random(3);
        var values = Enumerable.Range(0, 200).Select(_ => 0.49 + (0.02 * random.NextDouble())).ToArray();
        var csv = "x,color,y\n" + string.Concat(values.Select((x, i) => FormattableString.Invariant($"{x:R},{(i % 2 == 0 ? "a" : "b")},{i % 2}\n")));
        var store = new InMemoryArtifactStore();
        await BinarySplits.PutCsvAsync(store, TinySpec, ModelArtifacts.For(Model).Snapshots.Split(Digest, DataSplit.Train), csv);

        // Act
        var result = await Stages.Engineer(store).EngineerAsync(TinyRequest());
        var x = (await FeaturizeAsync(store, result.FeaturizerPath, csv)).Select(row => (double)row[0]).ToArray();

        // Assert: what scikit-learn's StandardScaler gives, so an L1/L2 penalty weighs this feature like any other.
        var mean = x.Average();
        var deviation = Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / x.Length);
        Assert.Equal(0, mean, 3);
        Assert.InRange(deviation, 0.99, 1.01);
        Assert.Contains(result.Steps, s => s == "NormalizeMeanVariance(centred): x");
    }

    [Fact]
    public async Task EngineerAsync_UnseenCategoryAtScoring_MapsToAllZeros()
    {
        // Arrange
        var store = await TinyStoreAsync();

        // Act
        var result = await Stages.Engineer(store).EngineerAsync(TinyRequest());
        var rows = await FeaturizeAsync(store, result.FeaturizerPath, TinyValidation);

        // Assert: [x, color=a, color=b]
        Assert.Equal(3, result.FeatureSlots);
        Assert.Equal([0f, 0f], rows[0][1..]);
        Assert.Equal([1f, 0f], rows[1][1..]);
    }

    [Fact]
    public async Task EngineerAsync_SyntheticBinary_StoresFeaturizerWithOneHotAndSteps()
    {
        // Arrange
        var store = new InMemoryArtifactStore();
        var snapshot = await new SyntheticSnapshotBuilder().WithRows(500).Build().WriteToAsync(store);

        // Act
        var result = await Stages.Engineer(store).EngineerAsync(new FeaturesRequest(snapshot.Model, "run-1", snapshot.Spec, snapshot.Snapshot));

        // Assert: 3 numerics + 4 one-hot colors.
        Assert.Equal(ModelArtifacts.For(snapshot.Model).Runs.Run("run-1").Featurizer, result.FeaturizerPath);
        Assert.Contains(result.FeaturizerPath, store.Paths);
        Assert.Equal(7, result.FeatureSlots);
        Assert.Contains(result.Steps, s => s.StartsWith("ReplaceMissingValues(mean): x1,x2,x3", StringComparison.Ordinal));
        Assert.Contains(result.Steps, s => s.StartsWith("OneHotEncoding", StringComparison.Ordinal) && s.Contains("color (4 training values)", StringComparison.Ordinal));
        Assert.StartsWith("Concatenate", result.Steps[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task EngineerAsync_AutoEncodingAboveMaxCardinality_HashesIntoBuckets()
    {
        // Arrange
        var store = new InMemoryArtifactStore();
        var snapshot = await new SyntheticSnapshotBuilder().WithRows(8_000).WithColors(CategoricalEncodingDefaults.MaxOneHotCardinality + 100).Build().WriteToAsync(store);

        // Act
        var result = await Stages.Engineer(store).EngineerAsync(new FeaturesRequest(snapshot.Model, "run-1", snapshot.Spec, snapshot.Snapshot));

        // Assert
        Assert.Equal(3 + (1 << CategoricalEncodingDefaults.HashBits), result.FeatureSlots);
        Assert.Contains(result.Steps, s => s.StartsWith("OneHotHashEncoding", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EngineerAsync_AutoEncodingWithFewerValuesThanHashBuckets_OneHotEncodesEachValue()
    {
        // Arrange: 200 values, more than the old limit of 64 but fewer than the 1,024 buckets hashing would fill
        var store = new InMemoryArtifactStore();
        var snapshot = await new SyntheticSnapshotBuilder().WithRows(4_000).WithColors(200).Build().WriteToAsync(store);

        // Act
        var result = await Stages.Engineer(store).EngineerAsync(new FeaturesRequest(snapshot.Model, "run-1", snapshot.Spec, snapshot.Snapshot));

        // Assert: one slot per value (three numeric features besides), no buckets
        Assert.Equal(3 + 200, result.FeatureSlots);
        Assert.Contains(result.Steps, s => s.StartsWith("OneHotEncoding", StringComparison.Ordinal) && s.Contains("(200 training values)", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Steps, s => s.StartsWith("OneHotHashEncoding", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EngineerAsync_TwoOneHotColumnsAndAHashedOne_EachColumnKeepsItsOwnSlots()
    {
        // Arrange: color and shape one-hot (fitted by one estimator together), city hashed
        var spec = TinySpec with
        {
            Features =
            [
                new FeatureSpec("x", FeatureType.Numeric),
                new FeatureSpec("color", FeatureType.Categorical),
                new FeatureSpec("shape", FeatureType.Categorical),
                new FeatureSpec("city", FeatureType.Categorical) { Encoding = CategoricalEncoding.Hashing },
            ],
        };
        var store = new InMemoryArtifactStore();
        await BinarySplits.PutCsvAsync(store, spec, ModelArtifacts.For(Model).Snapshots.Split(Digest, DataSplit.Train), "x,color,shape,city,y\n1,a,s,paris,1\n2,b,t,oslo,0\n3,a,t,rome,1\n");

        // Act
        var result = await Stages.Engineer(store).EngineerAsync(TinyRequest() with { Spec = spec });
        var ml = new MLContext(seed: 1);
        var featurizer = await ModelZip.LoadAsync(store, result.FeaturizerPath);
        await store.PutTextAsync("scratch/data.csv", "x,color,shape,city,y\n1,b,s,oslo,1\n");
        using var copy = await LocalArtifactCopy.DownloadAsync(store, "scratch/data.csv");
        var row = featurizer.Transform(SpecDataLoader.Load(ml, spec, copy.LocalPath)).GetColumn<VBuffer<float>>(MlColumns.Features).Single().DenseValues().ToArray();

        // Assert: x, then color's 2 slots (a, b), shape's 2 (s, t), city's 2^HashBits buckets, in the spec's order
        Assert.Equal(1 + 2 + 2 + (1 << CategoricalEncodingDefaults.HashBits), result.FeatureSlots);
        Assert.Equal([0f, 1f, 1f, 0f], row[1..5]);
        Assert.Equal(1f, row[5..].Sum());
        Assert.Equal(["color", "shape", "city"], result.Steps.Where(s => s.StartsWith("OneHot", StringComparison.Ordinal)).Select(s => s.Split(": ")[1].Split(' ')[0]));
    }

    [Fact]
    public async Task EngineerAsync_NumericConstantInTrain_FeaturizesWithoutNaN()
    {
        // Arrange: x is 0 on every train row (zero variance, zero max |x|); scoring rows then hold other values.
        var store = new InMemoryArtifactStore();
        await BinarySplits.PutCsvAsync(store, TinySpec, ModelArtifacts.For(Model).Snapshots.Split(Digest, DataSplit.Train), "x,color,y\n0,a,1\n0,b,0\n0,a,1\n0,b,0\n");

        // Act
        var result = await Stages.Engineer(store).EngineerAsync(TinyRequest());
        var rows = await FeaturizeAsync(store, result.FeaturizerPath, "x,color,y\n0,a,1\n7,b,0\n,a,1\n");

        // Assert
        Assert.Equal(3, result.FeatureSlots);
        Assert.All(rows, row => Assert.All(row, value => Assert.True(float.IsFinite(value), $"feature value {value}")));
    }

    [Fact]
    public async Task EngineerAsync_RetriedActivity_OverwritesFeaturizer()
    {
        // Arrange
        var store = await TinyStoreAsync();
        var engineer = Stages.Engineer(store);
        var first = await engineer.EngineerAsync(TinyRequest());
        var firstETag = (await store.GetPropertiesAsync(first.FeaturizerPath))!.ETag;

        // Act
        var second = await engineer.EngineerAsync(TinyRequest());

        // Assert
        Assert.Equal(first.FeaturizerPath, second.FeaturizerPath);
        Assert.Equal(first.FeatureSlots, second.FeatureSlots);
        Assert.NotEqual(firstETag, (await store.GetPropertiesAsync(second.FeaturizerPath))!.ETag);
    }

    [Fact]
    public async Task EngineerAsync_TrainSplitLacksFeatureColumn_ThrowsInvalidData()
    {
        // Arrange
        var store = new InMemoryArtifactStore();
        await BinarySplits.PutCsvAsync(store, TinySpec with { Features = [.. TinySpec.Features.Where(f => f.Name != "color")] }, ModelArtifacts.For(Model).Snapshots.Split(Digest, DataSplit.Train), TinyTrain);

        // Act
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Stages.Engineer(store).EngineerAsync(TinyRequest()));

        // Assert
        Assert.Contains("'color'", error.Message, StringComparison.Ordinal);
    }

    private static FeaturesRequest TinyRequest() => new(Model, "run-1", TinySpec, new SnapshotRef(Digest, ModelArtifacts.For(Model).Snapshots.Manifest(Digest), 1, 4, 2, 0));

    private static async Task<InMemoryArtifactStore> TinyStoreAsync()
    {
        var store = new InMemoryArtifactStore();
        await BinarySplits.PutCsvAsync(store, TinySpec, ModelArtifacts.For(Model).Snapshots.Split(Digest, DataSplit.Train), TinyTrain);
        return store;
    }

    private static async Task<List<float[]>> FeaturizeAsync(InMemoryArtifactStore store, string featurizerPath, string csv)
    {
        var ml = new MLContext(seed: 1);
        var featurizer = await ModelZip.LoadAsync(store, featurizerPath);
        await store.PutTextAsync("scratch/data.csv", csv);
        using var copy = await LocalArtifactCopy.DownloadAsync(store, "scratch/data.csv");
        var featurized = featurizer.Transform(SpecDataLoader.Load(ml, TinySpec, copy.LocalPath));
        return [.. featurized.GetColumn<VBuffer<float>>(MlColumns.Features).Select(v => v.DenseValues().ToArray())];
    }
}
