using RetrainFunctions.Core.Drift;
using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tests.Builders;

namespace RetrainFunctions.Core.Tests.Drift;

public sealed class DriftDetectorTests
{
    private static readonly DriftSpec Thresholds = new();

    [Theory]
    [InlineData(1.0, true)] // a one-standard-deviation shift: drift at any sample size
    [InlineData(0.05, false)] // a twentieth of a standard deviation: never drift, however many rows
    public void Compare_SameDistributionsAt1kAnd100kRows_SameVerdict(double shift, bool drifted)
    {
        var reference = new ProfileRowsBuilder(1).Profile(100_000);

        var small = Compare(reference, new ProfileRowsBuilder(2).WithX1((r, _) => ProfileRowsBuilder.Normal(r) + shift).Profile(1_000));
        var large = Compare(reference, new ProfileRowsBuilder(3).WithX1((r, _) => ProfileRowsBuilder.Normal(r) + shift).Profile(100_000));

        Assert.Equal(drifted, small.Features.Single(f => f.Column == "x1").Drifted);
        Assert.Equal(drifted, large.Features.Single(f => f.Column == "x1").Drifted);
        Assert.False(small.Features.Single(f => f.Column == "x2").Drifted);
        Assert.False(large.Features.Single(f => f.Column == "x2").Drifted);
    }

    [Fact]
    public void Compare_TinyShiftAt100kRows_SignificantButNotDrifted()
    {
        // The p-value flips with sample size (which is why it does not decide); the verdict does not.
        var reference = new ProfileRowsBuilder(1).Profile(100_000);
        var current = new ProfileRowsBuilder(2).WithX1((r, _) => ProfileRowsBuilder.Normal(r) + 0.15).Profile(100_000);

        var x1 = Compare(reference, current).Features.Single(f => f.Column == "x1");

        Assert.True(x1.Significant);
        Assert.False(x1.Drifted);
        Assert.InRange(x1.NormalizedWasserstein!.Value, 0.03, 0.3); // well under the 0.5 threshold
    }

    [Fact]
    public void Compare_ConstantReferenceThenVaryingValues_Drifted()
    {
        // The elec2 pattern: a column filled with one value until the source starts reporting it.
        var reference = new ProfileRowsBuilder(1).WithX1((_, _) => 0.5).Profile(500);
        var current = new ProfileRowsBuilder(2).WithX1((r, i) => i < 250 ? 0.5 : r.NextDouble()).Profile(500);

        var x1 = Compare(reference, current).Features[0];

        Assert.Equal(("x1", true), (x1.Column, x1.Drifted));
        Assert.Equal(double.PositiveInfinity, x1.NormalizedWasserstein);
    }

    [Fact]
    public void Compare_CategoryMixChanges_DriftedWithChiSquareAndLInfinity()
    {
        var reference = new ProfileRowsBuilder(1).Profile(5_000);
        var current = new ProfileRowsBuilder(2).WithColor((r, _) => r.NextDouble() < 0.8 ? "red" : "blue").Profile(5_000);

        var report = Compare(reference, current);

        var color = report.Features.Single(f => f.Column == "color");
        Assert.True(color.Drifted);
        Assert.InRange(color.LInfinity!.Value, 0.27, 0.33);
        Assert.True(color.PValue < 1e-6);
        Assert.Equal(["color"], report.DriftedFeatures);
        Assert.Equal(1.0 / 3, report.DriftedShare, 12);
        Assert.False(report.DatasetDrifted); // one of three features, under the 0.5 default
    }

    [Fact]
    public void Compare_WithImportances_WeighsTheShareAndSaysSo()
    {
        var reference = new ProfileRowsBuilder(1).Profile(5_000);
        var current = new ProfileRowsBuilder(2).WithColor((r, _) => r.NextDouble() < 0.8 ? "red" : "blue").Profile(5_000);

        var report = DriftDetector.Compare(reference, current, Thresholds, DriftReferenceKind.Production, "test",
            new Dictionary<string, double> { ["x1"] = 0.1, ["x2"] = 0.1, ["color"] = 0.8 });

        Assert.Equal(DriftWeighting.Importance, report.Weighting);
        Assert.Equal(0.8, report.DriftedShare, 12);
        Assert.True(report.DatasetDrifted);
    }

    [Fact]
    public void Compare_LabelShare_DriftReportedSeparately()
    {
        var reference = new ProfileRowsBuilder(1).Profile(5_000);
        var current = new ProfileRowsBuilder(2).WithLabel((r, _, _) => r.NextDouble() < 0.6 ? "yes" : "no").Profile(5_000);

        var report = Compare(reference, current);

        Assert.True(report.Label!.Drifted);
        Assert.Empty(report.DriftedFeatures);
    }

    [Fact]
    public void Replay_SeasonalPattern_SeasonalReferenceSilencesWhatPreviousWindowFlags()
    {
        // A yearly cycle of 360 rows sampled in batches of 30: each batch differs from the one before it, not from a year ago.
        const int season = 360;
        var rows = new ProfileRowsBuilder(9)
            .WithX1((r, i) => (3 * Math.Sin(2 * Math.PI * i / season)) + ProfileRowsBuilder.Normal(r))
            .WithX2((r, i) => (3 * Math.Cos(2 * Math.PI * i / season)) + ProfileRowsBuilder.Normal(r))
            .Rows(season * 6);
        var spec = new Specs.ModelSpecBuilder().Build();

        int Alarms(DriftReferenceKind kind) => DriftReplayer.Replay(spec, ProfileRowsBuilder.Header, rows,
                new DriftReplayOptions { BatchRows = 30, Reference = kind, SeasonRows = season })
            .Skip(season / 30) // compare the same batches: those with a season behind them
            .Count(b => b.Report.Features.Any(f => f.Drifted));

        var previous = Alarms(DriftReferenceKind.Previous);
        var seasonal = Alarms(DriftReferenceKind.Seasonal);

        Assert.True(previous >= 20, $"previous-window alarms: {previous}");
        Assert.True(seasonal * 5 <= previous, $"seasonal {seasonal} vs previous {previous}");
    }

    private static DriftReport Compare(DatasetProfile reference, DatasetProfile current) =>
        DriftDetector.Compare(reference, current, Thresholds, DriftReferenceKind.Production, "test");
}
