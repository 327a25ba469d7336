using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Tests.Fakes;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Tests.Training;

/// <summary>Candidate windows train on exactly the newest rows; recency weights halve every half-life.</summary>
public sealed class TrainingWindowTests
{
    [Fact]
    public void Apply_NewestRows_KeepsExactlyTheNewestRowsInOrder()
    {
        // Arrange
        var ml = new MLContext(seed: 1);
        var view = Positions(ml, 100);

        // Act
        var (windowed, rows) = TrainingWindow.Apply(ml, view, newestRows: 30, halfLifeRows: null);

        // Assert
        Assert.Equal(30, rows);
        Assert.Equal(Enumerable.Range(70, 30).Select(i => (float)i), windowed.GetColumn<float>(nameof(Row.Position)));
    }

    [Fact]
    public void Apply_WindowNotSmallerThanTheView_KeepsEveryRow()
    {
        // Arrange
        var ml = new MLContext(seed: 1);

        // Act
        var (windowed, rows) = TrainingWindow.Apply(ml, Positions(ml, 40), newestRows: 40, halfLifeRows: null);

        // Assert
        Assert.Equal(40, rows);
        Assert.Equal(40, windowed.GetColumn<float>(nameof(Row.Position)).Count());
        Assert.Null(windowed.Schema.GetColumnOrNull(TrainingWindow.WeightColumn));
    }

    [Fact]
    public void Apply_HalfLifeOnAWindow_NewestWeighsOneAndWeightsHalveEveryHalfLife()
    {
        // Arrange
        var ml = new MLContext(seed: 1);

        // Act: the newest 30 of 100 rows, half-life 10 rows.
        var (windowed, _) = TrainingWindow.Apply(ml, Positions(ml, 100), newestRows: 30, halfLifeRows: 10);
        var weights = windowed.GetColumn<float>(TrainingWindow.WeightColumn).ToList();
        var positions = windowed.GetColumn<float>(nameof(Row.Position)).ToList();

        // Assert
        Assert.Equal(30, weights.Count);
        Assert.Equal(Enumerable.Range(70, 30).Select(i => (float)i), positions);
        Assert.Equal(1.0, weights[29], 6);
        Assert.Equal(0.5, weights[19], 6);
        Assert.Equal(0.25, weights[9], 6);
        Assert.Equal(Math.Pow(0.5, 2.9), weights[0], 6);
        Assert.True(weights.Zip(weights.Skip(1)).All(p => p.First < p.Second));
    }

    [Fact]
    public async Task TrainAsync_WindowCandidate_FitsOnTheNewestRowsUnderItsOwnName()
    {
        // Arrange
        var store = new InMemoryArtifactStore();
        var snapshot = await new SyntheticSnapshotBuilder().WithRows(1_000).Build().WriteToAsync(store);

        // Act
        var whole = await Stages.TrainCandidateAsync(store, snapshot, TrainerKind.LbfgsLogisticRegression, "run-1");
        var windowed = await Stages.TrainCandidateAsync(store, snapshot, TrainerKind.LbfgsLogisticRegression, "run-1", windowRows: 150);

        // Assert
        Assert.Equal(snapshot.Snapshot.TrainRows, whole.TrainRows);
        Assert.Null(whole.WindowRows);
        Assert.Equal(150, windowed.TrainRows);
        Assert.Equal(150, windowed.WindowRows);
        Assert.Equal("150", windowed.Parameters["WindowRows"]);
        Assert.NotEqual(whole.ModelPath, windowed.ModelPath);
        Assert.True(await store.ExistsAsync(windowed.ModelPath));
    }

    [Theory]
    [InlineData(nameof(TrainerKind.LbfgsLogisticRegression))]
    [InlineData(nameof(TrainerKind.FastTree))]
    [InlineData(nameof(TrainerKind.LightGbm))]
    public async Task TrainAsync_RecencyHalfLife_TrainersReadTheWeights(string trainerName)
    {
        // Arrange
        var trainer = new TrainerKind(trainerName);
        var store = new InMemoryArtifactStore();
        var plain = await new SyntheticSnapshotBuilder().WithRows(1_000).Build().WriteToAsync(store);
        var weighted = plain with { Spec = plain.Spec with { Window = new WindowSpec { RecencyHalfLifeRows = 20 } } };

        // Act
        var unweighted = await Stages.TrainCandidateAsync(store, plain, trainer, "run-plain");
        var recent = await Stages.TrainCandidateAsync(store, weighted, trainer, "run-weighted");

        // Assert: a 20-row half-life leaves a few dozen effective rows, so the fit (and its validation) changes.
        Assert.Equal(TrainingWindow.WeightColumn, recent.Parameters["ExampleWeightColumnName"]);
        Assert.False(unweighted.Parameters.ContainsKey("ExampleWeightColumnName"));
        Assert.NotEqual(unweighted.ValidationMetrics[EvaluationMetric.Auc], recent.ValidationMetrics[EvaluationMetric.Auc]);
    }

    private static IDataView Positions(MLContext ml, int rows) =>
        ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(i => new Row { Position = i }));

    private sealed class Row
    {
        public float Position { get; set; }
    }
}
