using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tests.Specs;

namespace RetrainFunctions.Core.Tests.Deployment;

public sealed class ProbationMonitorTests
{
    [Fact]
    public void Compare_AutocorrelatedWeeksOfEqualModels_RollsBackAsRarelyAsTheConfidenceSays()
    {
        // Arrange: 200 regression weeks of 336 rows; both versions' errors follow AR(1) series (φ 0.8) of the same law,
        // so neither is worse and a rollback (upper bound < 0) should happen at most about 2.5 % of the time.
        var spec = new ModelSpecBuilder().WithTask(ModelTask.Regression).Build();
        const int weeks = 200;
        int byRows = 0, byBlocks = 0;

        // Act
        for (var seed = 1; seed <= weeks; seed++)
        {
            var (current, before) = Ar1Pair(rows: 336, phi: 0.8, seed: seed);
            var rows = PairedStatistics.Bootstrap(current, before, EvaluationMetric.Mae, 0.95, 200, spec.Gate.BootstrapSeed)!;
            var blocks = ProbationMonitor.Compare(spec with { Gate = spec.Gate with { BootstrapIterations = 200 } }, current, before)!;
            byRows += rows.Upper < 0 ? 1 : 0;
            byBlocks += blocks.Upper < 0 ? 1 : 0;
        }

        // Assert: single rows hide the runs of large errors and call equal models worse far too often (measured: 30 of
        // 200); the gate's blocks of ⌈√336⌉ = 19 rows stay near the nominal rate (5 of 200).
        Assert.True(byBlocks <= 0.05 * weeks, $"rollbacks by blocks {byBlocks}/{weeks}, by rows {byRows}/{weeks}");
        Assert.True(byRows > 3 * byBlocks, $"rollbacks by blocks {byBlocks}/{weeks}, by rows {byRows}/{weeks}");
    }

    private static (HoldoutPredictions Current, HoldoutPredictions Before) Ar1Pair(int rows, double phi, int seed)
    {
        var random = new Random(seed);
        var labels = new double[rows];
        return (Model(labels, Ar1(random, rows, phi)), Model(labels, Ar1(random, rows, phi)));
    }

    private static double[] Ar1(Random random, int rows, double phi)
    {
        var values = new double[rows];
        var innovation = Math.Sqrt(1 - (phi * phi));
        var previous = Gaussian(random);
        for (var i = 0; i < rows; i++)
        {
            previous = (phi * previous) + (innovation * Gaussian(random));
            values[i] = previous;
        }

        return values;
    }

    private static HoldoutPredictions Model(double[] labels, double[] scores) =>
        new() { Task = ModelTask.Regression, Labels = labels, Scores = scores, Correct = [] };

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
