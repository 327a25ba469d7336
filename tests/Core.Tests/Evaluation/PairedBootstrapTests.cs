using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tests.Builders;

namespace RetrainFunctions.Core.Tests.Evaluation;

/// <summary>
/// The fast paired bootstrap (resample counts, one sort per model for AUC, all metrics on one set of draws, parallel
/// resamples) against values recorded before it existed and against a naive reference that materializes every resample
/// as a list of rows and computes each metric from scratch (AUC by midranks, the Mann–Whitney U).
/// </summary>
public sealed class PairedBootstrapTests
{
    public static TheoryData<EvaluationMetric, double, double> RecordedBeforeTheSpeedUp => new()
    {
        // PairedStatistics.Bootstrap at commit bf7aa71 (weights as doubles, one pass per metric, LINQ sort for AUC) on
        // new PairedHoldout().WithRows(500).WithSeed(3).WithSignals(1.0, 1.2), 300 resamples, seed 11; printed with "R"
        // (the improvement and the standard error, which pin the resamples; the bounds are improvement ± t · SE).
        { EvaluationMetric.Accuracy, 0.06400000000000006, 0.020734278943331717 },
        { EvaluationMetric.F1, 0.06370222821098681, 0.020767794101070505 },
        { EvaluationMetric.Auc, 0.05214733742959543, 0.013730839402925594 },
        { EvaluationMetric.LogLoss, 0.12274494150497428, 0.02917714975679257 },
    };

    [Theory]
    [MemberData(nameof(RecordedBeforeTheSpeedUp))]
    public void Bootstrap_SameSeedAsBeforeTheSpeedUp_BitIdenticalInterval(EvaluationMetric metric, double improvement, double standardError)
    {
        // Arrange
        var (challenger, champion, _) = new PairedHoldout().WithRows(500).WithSeed(3).WithSignals(1.0, 1.2).Build();

        // Act
        var interval = PairedStatistics.Bootstrap(challenger, champion, metric, 0.95, 300, seed: 11)!;

        // Assert
        var halfWidth = PairedStatistics.IntervalMultiple(0.95, 500) * standardError;
        Assert.Equal((improvement, standardError, 300), (interval.Improvement, interval.StandardError, interval.Resamples));
        Assert.Equal((improvement - halfWidth, improvement + halfWidth), (interval.Lower, interval.Upper));
    }

    [Theory]
    [InlineData(EvaluationMetric.Auc, 1)]
    [InlineData(EvaluationMetric.Auc, 2)]
    [InlineData(EvaluationMetric.Accuracy, 3)]
    [InlineData(EvaluationMetric.F1, 4)]
    [InlineData(EvaluationMetric.LogLoss, 5)]
    public void Bootstrap_BinaryWithManyTies_EqualsNaiveReference(EvaluationMetric metric, int seed)
    {
        // Arrange: scores on a grid of 0.1 (many ties within and across classes), NaN and infinite row losses.
        var (challenger, champion) = RandomBinary(rows: 300, seed);

        // Act
        var fast = PairedStatistics.Bootstrap(challenger, champion, metric, 0.9, 250, seed);
        var naive = NaiveBootstrap(challenger, champion, metric, 0.9, 250, seed);

        // Assert
        AssertSame(naive, fast);
    }

    [Fact]
    public void Bootstrap_AucOfTinyHoldout_SkipsOneClassResamplesLikeTheReference()
    {
        // Arrange: 6 rows, 2 positives: many resamples hold one class only, where AUC is undefined.
        var labels = new double[] { 1, 0, 0, 1, 0, 0 };
        var challenger = Binary(labels, [0.9, 0.5, 0.5, 0.5, 0.1, 0.9], correct: [true, true, true, false, true, false]);
        var champion = Binary(labels, [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], correct: [false, true, true, false, true, true]);

        // Act
        var fast = PairedStatistics.Bootstrap(challenger, champion, EvaluationMetric.Auc, 0.95, 400, seed: 9)!;
        var naive = NaiveBootstrap(challenger, champion, EvaluationMetric.Auc, 0.95, 400, seed: 9)!;

        // Assert
        Assert.InRange(fast.Resamples, 100, 399);
        AssertSame(naive, fast);
    }

    [Theory]
    [InlineData(EvaluationMetric.Mae)]
    [InlineData(EvaluationMetric.Rmse)]
    [InlineData(EvaluationMetric.RSquared)]
    public void Bootstrap_Regression_EqualsNaiveReference(EvaluationMetric metric)
    {
        // Arrange
        var random = new Random(21);
        var labels = Enumerable.Range(0, 200).Select(_ => Math.Round(random.NextDouble() * 10, 1)).ToArray();
        var challenger = Holdouts.Regression(labels, [.. labels.Select(l => l + (random.NextDouble() - 0.5))]);
        var champion = Holdouts.Regression(labels, [.. labels.Select(l => l + (2 * (random.NextDouble() - 0.5)))]);

        // Act
        var fast = PairedStatistics.Bootstrap(challenger, champion, metric, 0.95, 200, seed: 4);
        var naive = NaiveBootstrap(challenger, champion, metric, 0.95, 200, seed: 4);

        // Assert
        AssertSame(naive, fast);
    }

    [Theory]
    [InlineData(EvaluationMetric.MacroAccuracy)]
    [InlineData(EvaluationMetric.MicroAccuracy)]
    [InlineData(EvaluationMetric.LogLoss)]
    public void Bootstrap_Multiclass_EqualsNaiveReference(EvaluationMetric metric)
    {
        // Arrange: one rare class, so some resamples miss it and macro accuracy averages fewer classes.
        var random = new Random(8);
        var classes = Enumerable.Range(0, 150).Select(_ => random.NextDouble() < 0.03 ? "rare" : random.Next(3).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var challenger = Multiclass(classes, random, 0.8);
        var champion = Multiclass(classes, random, 0.7);

        // Act
        var fast = PairedStatistics.Bootstrap(challenger, champion, metric, 0.95, 200, seed: 6);
        var naive = NaiveBootstrap(challenger, champion, metric, 0.95, 200, seed: 6);

        // Assert
        AssertSame(naive, fast);
    }

    [Fact]
    public void Bootstrap_AnyNumberOfThreads_SameIntervals()
    {
        // Arrange: 37 resamples, not a multiple of any block size.
        var (challenger, champion) = RandomBinary(rows: 500, seed: 12);
        var metrics = EvaluationMetrics.ForTask(ModelTask.BinaryClassification);

        // Act
        var one = PairedStatistics.Bootstrap(challenger, champion, metrics, 0.95, 37, 3, maxDegreeOfParallelism: 1);
        var two = PairedStatistics.Bootstrap(challenger, champion, metrics, 0.95, 37, 3, maxDegreeOfParallelism: 2);
        var seven = PairedStatistics.Bootstrap(challenger, champion, metrics, 0.95, 37, 3, maxDegreeOfParallelism: 7);
        var cores = PairedStatistics.Bootstrap(challenger, champion, metrics, 0.95, 37, 3);

        // Assert
        Assert.All(one, Assert.NotNull);
        Assert.Equal(one, two);
        Assert.Equal(one, seven);
        Assert.Equal(one, cores);
    }

    [Fact]
    public void Bootstrap_AllMetricsInOneCall_SameAsOneCallPerMetric_NullWhereUndefined()
    {
        // Arrange: no row losses, so log-loss cannot be computed.
        var (challenger, champion, _) = new PairedHoldout().WithRows(300).WithSignals(1.0, 1.1).Build();
        challenger = Without(challenger);
        EvaluationMetric[] metrics = [EvaluationMetric.Auc, EvaluationMetric.LogLoss, EvaluationMetric.Accuracy, EvaluationMetric.F1];

        // Act
        var together = PairedStatistics.Bootstrap(challenger, champion, metrics, 0.95, 150, 5);
        var apart = metrics.Select(m => PairedStatistics.Bootstrap(challenger, champion, m, 0.95, 150, 5)).ToList();

        // Assert
        Assert.Equal(apart, together);
        Assert.Null(together[1]);
        Assert.Equal(EvaluationMetric.F1, together[3]!.Metric);
    }

    private static void AssertSame(MetricInterval? expected, MetricInterval? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is null || actual is null)
        {
            return;
        }

        Assert.Equal(expected.Resamples, actual.Resamples);
        Assert.Equal(expected.Improvement, actual.Improvement, 1e-12);
        Assert.Equal(expected.Lower, actual.Lower, 1e-12);
        Assert.Equal(expected.Upper, actual.Upper, 1e-12);
        Assert.Equal(expected.StandardError, actual.StandardError, 1e-12);
    }

    /// <summary>The row bootstrap written out: resample i is the list of n rows drawn by one <c>new Random(seed)</c>.</summary>
    private static MetricInterval? NaiveBootstrap(HoldoutPredictions challenger, HoldoutPredictions champion, EvaluationMetric metric, double confidence, int iterations, int seed)
    {
        var n = challenger.Count;
        var all = Enumerable.Range(0, n).ToArray();
        var point = metric.Improvement(NaiveMetric(challenger, metric, all), NaiveMetric(champion, metric, all));
        if (!double.IsFinite(point))
        {
            return null;
        }

        var random = new Random(seed);
        var samples = new List<double>();
        for (var iteration = 0; iteration < iterations; iteration++)
        {
            var rows = new int[n];
            for (var draw = 0; draw < n; draw++)
            {
                rows[draw] = random.Next(n);
            }

            var improvement = metric.Improvement(NaiveMetric(challenger, metric, rows), NaiveMetric(champion, metric, rows));
            if (double.IsFinite(improvement))
            {
                samples.Add(improvement);
            }
        }

        return ReferenceInterval.Of(metric, point, samples, confidence, units: n);
    }

    private static double NaiveMetric(HoldoutPredictions p, EvaluationMetric metric, int[] rows)
    {
        switch (metric)
        {
            case EvaluationMetric.Accuracy or EvaluationMetric.MicroAccuracy:
                return rows.Count(r => p.Correct[r]) / (double)rows.Length;
            case EvaluationMetric.F1:
                var tp = rows.Count(r => p.PredictedPositive![r] && p.Labels[r] > 0.5);
                var fp = rows.Count(r => p.PredictedPositive![r] && p.Labels[r] <= 0.5);
                var fn = rows.Count(r => !p.PredictedPositive![r] && p.Labels[r] > 0.5);
                return tp + fp + fn > 0 ? 2.0 * tp / ((2.0 * tp) + fp + fn) : double.NaN;
            case EvaluationMetric.LogLoss:
                var finite = rows.Where(r => double.IsFinite(p.RowLogLoss![r])).ToList();
                return finite.Count > 0 ? finite.Average(r => p.RowLogLoss![r]) : double.NaN;
            case EvaluationMetric.Auc:
                return MidrankAuc([.. rows.Select(r => p.Scores[r])], [.. rows.Select(r => p.Labels[r] > 0.5)]);
            case EvaluationMetric.MacroAccuracy:
                return rows.GroupBy(r => p.Classes![r]).Average(g => g.Count(r => p.Correct[r]) / (double)g.Count());
            case EvaluationMetric.Mae:
                return rows.Average(r => Math.Abs(p.Labels[r] - p.Scores[r]));
            case EvaluationMetric.Rmse:
                return Math.Sqrt(rows.Average(r => Math.Pow(p.Labels[r] - p.Scores[r], 2)));
            case EvaluationMetric.RSquared:
                var mean = rows.Average(r => p.Labels[r]);
                var spread = rows.Sum(r => Math.Pow(p.Labels[r] - mean, 2));
                return spread > 0 ? 1 - (rows.Sum(r => Math.Pow(p.Labels[r] - p.Scores[r], 2)) / spread) : double.NaN;
            default:
                throw new ArgumentOutOfRangeException(nameof(metric), metric, null);
        }
    }

    /// <summary>Mann–Whitney: U = (sum of the positives' midranks) − n₁(n₁ + 1)/2, AUC = U / (n₁·n₀).</summary>
    private static double MidrankAuc(double[] scores, bool[] positive)
    {
        var order = Enumerable.Range(0, scores.Length).OrderBy(i => scores[i]).ToArray();
        var ranks = new double[scores.Length];
        for (var k = 0; k < order.Length;)
        {
            var end = k;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[k]])
            {
                end++;
            }

            for (var j = k; j <= end; j++)
            {
                ranks[order[j]] = ((k + end) / 2.0) + 1;
            }

            k = end + 1;
        }

        double positives = positive.Count(x => x), negatives = positive.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        var rankSum = Enumerable.Range(0, scores.Length).Where(i => positive[i]).Sum(i => ranks[i]);
        return (rankSum - (positives * (positives + 1) / 2)) / (positives * negatives);
    }

    private static (HoldoutPredictions Challenger, HoldoutPredictions Champion) RandomBinary(int rows, int seed)
    {
        var random = new Random(seed);
        var labels = Enumerable.Range(0, rows).Select(_ => random.NextDouble() < 0.35 ? 1.0 : 0.0).ToArray();
        HoldoutPredictions Model(double signal)
        {
            var scores = labels.Select(l => Math.Round((signal * ((2 * l) - 1)) + random.NextDouble() - 0.5, 1)).ToArray();
            var loss = scores.Select((s, i) => random.NextDouble() < 0.02 ? double.NaN : random.NextDouble() < 0.01 ? double.PositiveInfinity : -Math.Log2(Math.Clamp(labels[i] > 0.5 ? (s + 1) / 2 : (1 - s) / 2, 1e-15, 1))).ToArray();
            return new HoldoutPredictions
            {
                Task = ModelTask.BinaryClassification,
                Labels = labels,
                Scores = scores,
                PredictedPositive = [.. scores.Select(s => s > 0)],
                Correct = [.. scores.Select((s, i) => (s > 0) == (labels[i] > 0.5))],
                RowLogLoss = loss,
            };
        }

        return (Model(0.4), Model(0.3));
    }

    private static HoldoutPredictions Binary(double[] labels, double[] scores, bool[] correct) => new()
    {
        Task = ModelTask.BinaryClassification,
        Labels = labels,
        Scores = scores,
        Correct = correct,
        PredictedPositive = [.. scores.Select(s => s > 0.5)],
    };

    private static HoldoutPredictions Multiclass(string[] classes, Random random, double accuracy) => new()
    {
        Task = ModelTask.MulticlassClassification,
        Labels = new double[classes.Length],
        Scores = new double[classes.Length],
        Correct = [.. classes.Select(_ => random.NextDouble() < accuracy)],
        RowLogLoss = [.. classes.Select(_ => random.NextDouble() < 0.05 ? double.NaN : random.NextDouble() * 3)],
        Classes = classes,
    };

    private static HoldoutPredictions Without(HoldoutPredictions p) => new()
    {
        Task = p.Task,
        Labels = p.Labels,
        Scores = p.Scores,
        Correct = p.Correct,
        PredictedPositive = p.PredictedPositive,
    };
}
