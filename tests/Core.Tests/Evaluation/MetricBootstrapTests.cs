using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tests.Builders;

namespace RetrainFunctions.Core.Tests.Evaluation;

/// <summary>One model's bootstrap intervals (the dashboard's live quality) drawn as the gate draws its paired ones.</summary>
public sealed class MetricBootstrapTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void Estimate_Accuracy_SameBoundsAsThePairedBootstrapAgainstAModelAlwaysWrong(int blockRows)
    {
        // Arrange: against a model with accuracy 0 on every resample, the paired improvement is the model's own accuracy.
        var (model, _, _) = new PairedHoldout().WithRows(400).WithSeed(5).WithSignals(1.0, 1.2).Build();
        var alwaysWrong = new HoldoutPredictions { Task = model.Task, Labels = model.Labels, Scores = model.Scores, Correct = new bool[model.Count] };

        // Act
        var estimate = MetricBootstrap.Estimate(model, [EvaluationMetric.Accuracy], 0.95, 500, seed: 11, blockRows)[0]!;
        var paired = PairedStatistics.Bootstrap(model, alwaysWrong, EvaluationMetric.Accuracy, 0.95, 500, seed: 11, blockRows)!;

        // Assert
        Assert.Equal(model.Correct.Count(c => c) / (double)model.Count, estimate.Value, 12);
        Assert.Equal(paired.Lower, estimate.Lower);
        Assert.Equal(paired.Upper, estimate.Upper);
        Assert.Equal(500, estimate.Resamples);
        Assert.InRange(estimate.Value, estimate.Lower!.Value, estimate.Upper!.Value);
    }

    [Fact]
    public void Estimate_MetricThePredictionsCannotGive_NullInItsPlace()
    {
        // Arrange
        var (model, _, _) = new PairedHoldout().WithRows(100).WithSeed(2).Build();

        // Act
        var estimates = MetricBootstrap.Estimate(model, [EvaluationMetric.Rmse, EvaluationMetric.Accuracy], 0.95, 50, seed: 1);

        // Assert
        Assert.Null(estimates[0]);
        Assert.NotNull(estimates[1]);
    }
}
