using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Tests.Evaluation;

/// <summary>
/// The block bootstrap computed from block counts (<see cref="WeightedMetric.InBlocks"/>) against the per-row computation
/// it replaced: the same draws, and for each resample the value the row metric gives for the row counts the block counts
/// expand to — to the bit for metrics of integer counts and for AUC, to 1e-9 relative for sums of real values (log-loss,
/// MAE, RMSE, R²), whose summation order changed.
/// </summary>
public sealed class BlockMetricTests
{
    private const double Relative = 1e-9;

    /// <summary>Metrics computed from integer counts only (AUC: integer pair counts), so the order of sums cannot matter.</summary>
    private static readonly HashSet<EvaluationMetric> Exact =
    [
        EvaluationMetric.Accuracy, EvaluationMetric.MicroAccuracy, EvaluationMetric.F1, EvaluationMetric.Auc,
        EvaluationMetric.MacroAccuracy, EvaluationMetric.MacroF1,
    ];

    public static TheoryData<ModelTask, int, int> Layouts()
    {
        // Rows and block rows: single rows; ⌈√n⌉ (AUC from block pairs); a short last block (500 = 21 · 23 + 17, pairs);
        // more blocks than twice their length (1,000 = 142 · 7 + 6; 2,001 in blocks of 2: AUC walks the score order);
        // one block longer than the rows.
        (int Rows, int BlockRows)[] layouts = [(300, 1), (1_000, 32), (500, 23), (1_000, 7), (2_001, 2), (40, 64)];
        var data = new TheoryData<ModelTask, int, int>();
        foreach (var task in Enum.GetValues<ModelTask>())
        {
            foreach (var (rows, blockRows) in layouts)
            {
                data.Add(task, rows, blockRows);
            }
        }

        return data;
    }

    public static TheoryData<ModelTask, EvaluationMetric, double, double, int> RecordedBeforeBlockCounts => new()
    {
        // PairedStatistics.Bootstrap at commit d8f6934 (row counts, one pass over the rows per metric) on
        // RandomPredictions(task, 2000, seed 1) against seed 2 with the same labels, blocks of 45 rows (⌈√2000⌉),
        // 200 resamples, seed 17; printed with "R". The bounds recorded then were percentiles; the improvement and the
        // standard error pin the resamples, and the bounds are now improvement ± t · SE.
        { ModelTask.BinaryClassification, EvaluationMetric.Accuracy, -0.009499999999999953, 0.009154149312647068, 200 },
        { ModelTask.BinaryClassification, EvaluationMetric.F1, -0.013449064903888863, 0.014386331863508019, 200 },
        { ModelTask.BinaryClassification, EvaluationMetric.Auc, -0.014737169060795585, 0.008434548564402289, 200 },
        { ModelTask.BinaryClassification, EvaluationMetric.LogLoss, 0.0011123104779859894, 0.029529607471281454, 200 },
        { ModelTask.MulticlassClassification, EvaluationMetric.MicroAccuracy, 0.006000000000000005, 0.01491438760137473, 200 },
        { ModelTask.MulticlassClassification, EvaluationMetric.MacroAccuracy, -0.00618224457041483, 0.024349472783354534, 200 },
        { ModelTask.MulticlassClassification, EvaluationMetric.LogLoss, 0.016785520385634856, 0.03727988381153361, 200 },
        { ModelTask.MulticlassClassification, EvaluationMetric.MacroF1, -0.0029645569538880867, 0.01755610460026354, 200 },
        { ModelTask.Regression, EvaluationMetric.Rmse, -0.012614491421818697, 0.010952271026320032, 200 },
        { ModelTask.Regression, EvaluationMetric.Mae, -0.012791911017983826, 0.012820393889753774, 200 },
        { ModelTask.Regression, EvaluationMetric.RSquared, -0.002726572022052398, 0.0023654237040778643, 200 },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void InBlocks_ResamplerDraws_SameAsRowMetricOfTheExpandedCounts(ModelTask task, int rows, int blockRows)
    {
        // Arrange
        var predictions = RandomPredictions(task, rows, seed: rows + blockRows);
        var metrics = EvaluationMetrics.ForTask(task);
        var perRow = metrics.Select(m => WeightedMetric.For(predictions, m)!).ToArray();
        var perBlock = perRow.Select(m => m.InBlocks(blockRows)).ToArray();
        var expected = metrics.Select(_ => new List<double>()).ToArray();
        var actual = metrics.Select(_ => new List<double>()).ToArray();

        // Act
        BootstrapResampler.Run(rows, 40, seed: 3, maxDegreeOfParallelism: 1, (blockCounts, _) =>
        {
            var rowCounts = Expand(blockCounts, rows, blockRows);
            for (var m = 0; m < metrics.Count; m++)
            {
                expected[m].Add(perRow[m].Compute(rowCounts));
                actual[m].Add(perBlock[m].Compute(blockCounts));
            }
        }, blockRows);

        // Assert
        for (var m = 0; m < metrics.Count; m++)
        {
            Assert.Contains(expected[m], double.IsFinite);
            if (Exact.Contains(metrics[m]))
            {
                Assert.Equal(expected[m], actual[m]);
            }
            else
            {
                Assert.All(expected[m].Zip(actual[m]), pair => AssertClose(pair.First, pair.Second));
            }
        }
    }

    [Theory]
    [MemberData(nameof(RecordedBeforeBlockCounts))]
    public void Bootstrap_GateBlocks_SameIntervalsAsRecordedBeforeBlockCounts(
        ModelTask task, EvaluationMetric metric, double improvement, double standardError, int resamples)
    {
        // Arrange
        var challenger = RandomPredictions(task, 2_000, seed: 1);
        var champion = RandomPredictions(task, 2_000, seed: 2, sameLabelsAs: challenger);

        // Act
        var interval = PairedStatistics.Bootstrap(challenger, champion, metric, 0.95, 200, seed: 17, blockRows: 45)!;

        // Assert
        Assert.Equal((improvement, resamples), (interval.Improvement, interval.Resamples));
        if (Exact.Contains(metric))
        {
            Assert.Equal(standardError, interval.StandardError);
        }
        else
        {
            AssertClose(standardError, interval.StandardError);
        }

        var halfWidth = PairedStatistics.IntervalMultiple(0.95, 45) * interval.StandardError;
        Assert.Equal((improvement - halfWidth, improvement + halfWidth), (interval.Lower, interval.Upper));
    }

    [Theory]
    [InlineData(1_000, 1, 1)]
    [InlineData(1_000, 1, 2)]
    [InlineData(997, 32, 3)]
    [InlineData(500, 23, 1)]
    [InlineData(10, 40, 2)]
    public void Run_AnyThreads_BlockCountsExpandToTheRowCountsDrawnBefore(int rows, int blockRows, int threads)
    {
        // Arrange: 37 resamples, not a multiple of any batch.
        const int iterations = 37;
        var drawn = new int[iterations][];

        // Act
        BootstrapResampler.Run(rows, iterations, seed: 8, threads, (blockCounts, index) => drawn[index] = Expand(blockCounts, rows, blockRows), blockRows);

        // Assert
        var random = new Random(8);
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            Assert.Equal(RowCountsDrawnBefore(random, rows, blockRows), drawn[iteration]);
        }
    }

    public static TheoryData<ModelTask, int> BlockRowsOf2000()
    {
        // 45 = ⌈√2000⌉ (the gate's blocks; AUC from block pairs); 23 and 6 leave a shorter last block (AUC walks the
        // score order); 1: single rows.
        var data = new TheoryData<ModelTask, int>();
        foreach (var task in Enum.GetValues<ModelTask>())
        {
            foreach (var blockRows in new[] { 45, 23, 6, 1 })
            {
                data.Add(task, blockRows);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BlockRowsOf2000))]
    public void Bootstrap_Blocks_SameIntervalsAsThePerRowBootstrap(ModelTask task, int blockRows)
    {
        // Arrange
        var challenger = RandomPredictions(task, 2_000, seed: 1);
        var champion = RandomPredictions(task, 2_000, seed: 2, sameLabelsAs: challenger);
        var metrics = EvaluationMetrics.ForTask(task);

        // Act
        var blocks = PairedStatistics.Bootstrap(challenger, champion, metrics, 0.95, 200, seed: 17, blockRows: blockRows);
        var rows = metrics.Select(m => PerRowBootstrap(challenger, champion, m, 0.95, 200, 17, blockRows)).ToArray();

        // Assert
        for (var m = 0; m < metrics.Count; m++)
        {
            var (expected, actual) = (rows[m]!, blocks[m]!);
            Assert.Equal(expected.Improvement, actual.Improvement);
            Assert.Equal(expected.Resamples, actual.Resamples);
            if (Exact.Contains(metrics[m]))
            {
                Assert.Equal(expected, actual);
            }
            else
            {
                AssertClose(expected.Lower, actual.Lower);
                AssertClose(expected.Upper, actual.Upper);
                AssertClose(expected.StandardError, actual.StandardError);
            }
        }
    }

    [Fact]
    public void InBlocks_LabelsFarFromZero_RSquaredAsPreciseAsTheRowMetric()
    {
        // Arrange: labels 10⁶ ± 1, where Σy² − (Σy)²/n would lose every digit of the spread.
        var random = new Random(4);
        var labels = Enumerable.Range(0, 1_000).Select(_ => 1e6 + random.NextDouble()).ToArray();
        var predictions = new HoldoutPredictions
        {
            Task = ModelTask.Regression,
            Labels = labels,
            Scores = [.. labels.Select(l => l + (0.3 * (random.NextDouble() - 0.5)))],
            Correct = [],
        };
        var rSquared = WeightedMetric.For(predictions, EvaluationMetric.RSquared)!;
        int[] blockCounts = [.. Enumerable.Range(0, 32).Select(b => b % 3)];

        // Act
        var perBlock = rSquared.InBlocks(32).Compute(blockCounts);
        var perRow = rSquared.Compute(Expand(blockCounts, 1_000, 32));

        // Assert
        Assert.InRange(perRow, 0.8, 0.95);
        AssertClose(perRow, perBlock);
    }

    [Fact]
    public void InBlocks_BlockRowsBelowOne_Throws()
    {
        // Arrange
        var metric = WeightedMetric.For(RandomPredictions(ModelTask.BinaryClassification, 10, seed: 1), EvaluationMetric.Auc)!;

        // Act and Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => metric.InBlocks(0));
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= Relative * Math.Abs(expected), $"expected {expected:R}, got {actual:R}");

    /// <summary>The row counts in which every row of block b counts <paramref name="blockCounts"/>[b] times.</summary>
    private static int[] Expand(ReadOnlySpan<int> blockCounts, int rows, int blockRows)
    {
        var counts = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            counts[i] = blockCounts[i / blockRows];
        }

        return counts;
    }

    /// <summary>One resample's row counts as the resampler drew them before it counted blocks (a copy of its old code).</summary>
    private static int[] RowCountsDrawnBefore(Random random, int n, int blockRows)
    {
        blockRows = Math.Min(blockRows, n);
        var counts = new int[n];
        if (blockRows == 1)
        {
            for (var draw = 0; draw < n; draw++)
            {
                counts[random.Next(n)]++;
            }

            return counts;
        }

        var blocks = ((n - 1) / blockRows) + 1;
        for (var draw = 0; draw < blocks; draw++)
        {
            var start = random.Next(blocks) * blockRows;
            for (var i = start; i < Math.Min(start + blockRows, n); i++)
            {
                counts[i]++;
            }
        }

        return counts;
    }

    /// <summary>
    /// The paired bootstrap as it was computed before block counts: the old draws as row counts, each model's row metric on
    /// them, and the type 7 percentile interval of the finite improvements.
    /// </summary>
    private static MetricInterval? PerRowBootstrap(
        HoldoutPredictions challenger, HoldoutPredictions champion, EvaluationMetric metric, double confidence, int iterations, int seed, int blockRows)
    {
        var (challengerMetric, championMetric) = (WeightedMetric.For(challenger, metric)!, WeightedMetric.For(champion, metric)!);
        var ones = Enumerable.Repeat(1, challenger.Count).ToArray();
        var point = metric.Improvement(challengerMetric.Compute(ones), championMetric.Compute(ones));
        var random = new Random(seed);
        var samples = new List<double>();
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var counts = RowCountsDrawnBefore(random, challenger.Count, blockRows);
            var (a, b) = (challengerMetric.Compute(counts), championMetric.Compute(counts));
            if (double.IsFinite(a) && double.IsFinite(b) && metric.Improvement(a, b) is var improvement && double.IsFinite(improvement))
            {
                samples.Add(improvement);
            }
        }

        return ReferenceInterval.Of(metric, point, samples, confidence, units: (challenger.Count + blockRows - 1) / blockRows);
    }

    /// <summary>
    /// Random predictions of <paramref name="task"/> with the awkward cases of each metric: binary scores on a grid of 0.1
    /// (ties within and across classes) with 3 % NaN scores; 3 % NaN and 1 % infinite row losses; a rare class and a
    /// predicted class that never occurs; regression labels far from 0.
    /// </summary>
    private static HoldoutPredictions RandomPredictions(ModelTask task, int rows, int seed, HoldoutPredictions? sameLabelsAs = null)
    {
        var random = new Random(seed);
        double Loss() => random.NextDouble() switch { < 0.03 => double.NaN, < 0.04 => double.PositiveInfinity, var u => -Math.Log2(u) };
        switch (task)
        {
            case ModelTask.BinaryClassification:
                var labels = sameLabelsAs?.Labels.ToArray() ?? [.. Enumerable.Range(0, rows).Select(_ => random.NextDouble() < 0.35 ? 1.0 : 0.0)];
                var scores = labels.Select(l => random.NextDouble() < 0.03 ? double.NaN : Math.Round((0.4 * ((2 * l) - 1)) + random.NextDouble() - 0.5, 1)).ToArray();
                return new HoldoutPredictions
                {
                    Task = task,
                    Labels = labels,
                    Scores = scores,
                    PredictedPositive = [.. scores.Select(s => s > 0)],
                    Correct = [.. scores.Select((s, i) => (s > 0) == (labels[i] > 0.5))],
                    RowLogLoss = [.. labels.Select(_ => Loss())],
                };
            case ModelTask.MulticlassClassification:
                string[] names = ["a", "b", "c", "d"];
                var truth = sameLabelsAs?.Classes!.ToArray() ?? [.. Enumerable.Range(0, rows).Select(_ => random.NextDouble() < 0.02 ? "rare" : names[random.Next(names.Length)])];
                var predicted = truth.Select(t => random.NextDouble() switch { < 0.6 => t, < 0.62 => "never", _ => names[random.Next(names.Length)] }).ToArray();
                return new HoldoutPredictions
                {
                    Task = task,
                    Labels = new double[rows],
                    Scores = new double[rows],
                    Classes = truth,
                    PredictedClasses = predicted,
                    Correct = [.. truth.Select((t, i) => t == predicted[i])],
                    RowLogLoss = [.. truth.Select(_ => Loss())],
                };
            default:
                var values = sameLabelsAs?.Labels.ToArray() ?? [.. Enumerable.Range(0, rows).Select(_ => 1_000 + Math.Round(10 * random.NextDouble(), 1))];
                return new HoldoutPredictions
                {
                    Task = task,
                    Labels = values,
                    Scores = [.. values.Select(v => v + (3 * (random.NextDouble() - 0.5)))],
                    Correct = [],
                };
        }
    }
}
