using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tests.Builders;
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
            var (current, before) = Ar1Predictions.Pair(rows: 336, phi: 0.8, seed: seed, secondPhi: 0.8);
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
}
