using RetrainFunctions.Core.Drift;
using RetrainFunctions.Core.Drift.Measures;
using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tests.Builders;

namespace RetrainFunctions.Core.Tests.Drift;

public sealed class DriftMeasureRegistryTests
{
    private static readonly DriftSpec Thresholds = new();

    [Fact]
    public void BuiltIn_Names_AreTheFeatureDriftFieldsTheyFill()
    {
        Assert.Equal(
            [nameof(FeatureDrift.Psi), nameof(FeatureDrift.KolmogorovSmirnov), nameof(FeatureDrift.Wasserstein), nameof(FeatureDrift.JensenShannon), nameof(FeatureDrift.ChiSquare), nameof(FeatureDrift.LInfinity)],
            DriftMeasureRegistry.BuiltIn.Names);
    }

    [Fact]
    public void Constructor_TwoMeasuresNamedAlikeInAnotherCase_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new DriftMeasureRegistry([new PsiMeasure(), new Renamed("psi")]));

        Assert.Contains("Two drift measures are named 'psi'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CompareColumn_MeasuresOfTheColumnKindOnly_EachReportedWithTheFieldsFilled()
    {
        var reference = new ProfileRowsBuilder(1).Profile(2_000);
        var current = new ProfileRowsBuilder(2).WithX1((r, _) => ProfileRowsBuilder.Normal(r) + 1).Profile(2_000);
        var registry = new DriftMeasureRegistry([.. BuiltInDriftMeasures.All, new MedianShiftMeasure()]);

        var x1 = DriftDetector.CompareColumn(reference.Feature("x1")!, current.Feature("x1")!, Thresholds, registry);
        var color = DriftDetector.CompareColumn(reference.Feature("color")!, current.Feature("color")!, Thresholds, registry);

        Assert.Equal(["Psi", "KolmogorovSmirnov", "Wasserstein", "JensenShannon", MedianShiftMeasure.MeasureName], x1.Measures!.Select(m => m.Name));
        Assert.Equal(["JensenShannon", "ChiSquare", "LInfinity"], color.Measures!.Select(m => m.Name));
        Assert.Equal((x1.Psi, x1.PsiCorrected), (x1.Measures![0].Value, x1.Measures[0].Judged));
        Assert.Equal(x1.NormalizedWasserstein, x1.Measures[2].Judged);
        Assert.InRange(x1.Measures[4].Value, 0.8, 1.2); // a one-standard-deviation shift of a standard normal
        Assert.True(x1.Drifted); // the informational measure has no threshold and leaves the verdict alone
    }

    [Fact]
    public void CompareColumn_RegisteredMeasureWithThresholdNotReached_JoinsTheVerdict()
    {
        var reference = new ProfileRowsBuilder(1).Profile(2_000);
        var current = new ProfileRowsBuilder(2).WithX1((r, _) => ProfileRowsBuilder.Normal(r) + 1).Profile(2_000);
        var registry = new DriftMeasureRegistry([.. BuiltInDriftMeasures.All, new Renamed("Never")]);

        var builtIn = DriftDetector.CompareColumn(reference.Feature("x1")!, current.Feature("x1")!, Thresholds);
        var judged = DriftDetector.CompareColumn(reference.Feature("x1")!, current.Feature("x1")!, Thresholds, registry);

        Assert.True(builtIn.Drifted);
        Assert.False(judged.Drifted);
        Assert.Equal(0, judged.Score);
    }

    /// <summary>A judging measure that never reaches its threshold.</summary>
    private sealed class Renamed(string name) : IDriftMeasure
    {
        public string Name => name;

        public bool AppliesTo(ColumnKind kind) => true;

        public DriftMeasurement Measure(ColumnProfile reference, ColumnProfile current, DriftSpec spec) =>
            new(Name, 0) { Judged = 0, Threshold = 1 };
    }
}
