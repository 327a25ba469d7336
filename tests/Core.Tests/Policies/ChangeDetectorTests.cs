using System.Text.Json;
using RetrainFunctions.Core.Policies;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Tests.Policies;

public sealed class ChangeDetectorTests
{
    public static TheoryData<ChangeDetectorKind> Detectors => new() { ChangeDetectorKind.Ddm, ChangeDetectorKind.PageHinkley, ChangeDetectorKind.Adwin };

    [Theory]
    [MemberData(nameof(Detectors))]
    public void Update_StationaryErrorStream_NeverAlarms(ChangeDetectorKind kind)
    {
        var spec = new PerformanceTriggerSpec { Detector = kind };
        var state = ChangeDetector.Reset(kind);

        foreach (var error in Bernoulli(seed: 42, count: 5000, rate: 0.25))
        {
            state = ChangeDetector.Update(spec, state, [error]);
            Assert.NotEqual(ChangeLevel.Drift, state.Level);
        }
    }

    [Theory]
    [InlineData(ChangeDetectorKind.Ddm, 150)]
    [InlineData(ChangeDetectorKind.PageHinkley, 200)]
    [InlineData(ChangeDetectorKind.Adwin, 150)]
    public void Update_ErrorRateJumps_AlarmsWithinK(ChangeDetectorKind kind, int k)
    {
        var spec = new PerformanceTriggerSpec { Detector = kind };
        var state = ChangeDetector.Update(spec, ChangeDetector.Reset(kind), Bernoulli(seed: 7, count: 1000, rate: 0.2));
        Assert.NotEqual(ChangeLevel.Drift, state.Level);

        var after = 0;
        foreach (var error in Bernoulli(seed: 8, count: 1000, rate: 0.6))
        {
            state = ChangeDetector.Update(spec, state, [error]);
            after++;
            if (state.Level == ChangeLevel.Drift)
            {
                break;
            }
        }

        Assert.Equal(ChangeLevel.Drift, state.Level);
        Assert.InRange(after, 1, k);
    }

    [Theory]
    [MemberData(nameof(Detectors))]
    public void Update_ErrorRateDrops_DoesNotAlarm(ChangeDetectorKind kind)
    {
        var spec = new PerformanceTriggerSpec { Detector = kind };
        var state = ChangeDetector.Update(spec, ChangeDetector.Reset(kind), Bernoulli(seed: 3, count: 1000, rate: 0.5));

        state = ChangeDetector.Update(spec, state, Bernoulli(seed: 4, count: 2000, rate: 0.1));

        Assert.NotEqual(ChangeLevel.Drift, state.Level);
    }

    [Fact]
    public void Ddm_WarningBeforeDrift_AndStickyUntilReset()
    {
        var spec = new PerformanceTriggerSpec { Detector = ChangeDetectorKind.Ddm };
        var state = ChangeDetector.Update(spec, ChangeDetector.Reset(ChangeDetectorKind.Ddm), Bernoulli(seed: 11, count: 1000, rate: 0.3));
        Assert.Equal(ChangeLevel.None, state.Level);
        var levels = new List<ChangeLevel>();
        foreach (var error in Bernoulli(seed: 12, count: 500, rate: 0.7))
        {
            state = ChangeDetector.Update(spec, state, [error]);
            levels.Add(state.Level);
        }

        var warning = levels.IndexOf(ChangeLevel.Warning);
        Assert.InRange(warning, 0, levels.IndexOf(ChangeLevel.Drift) - 1);
        state = ChangeDetector.Update(spec, state, Enumerable.Repeat(0.0, 200));
        Assert.Equal(ChangeLevel.Drift, state.Level);
        Assert.Equal(ChangeLevel.None, ChangeDetector.Reset(ChangeDetectorKind.Ddm).Level);
    }

    [Theory]
    [MemberData(nameof(Detectors))]
    public void State_RoundTripsThroughJson_AndContinuesIdentically(ChangeDetectorKind kind)
    {
        var spec = new PerformanceTriggerSpec { Detector = kind };
        var errors = Bernoulli(seed: 5, count: 800, rate: 0.3).ToList();
        var direct = ChangeDetector.Update(spec, ChangeDetector.Reset(kind), errors);

        var half = ChangeDetector.Update(spec, ChangeDetector.Reset(kind), errors.Take(400));
        var restored = JsonSerializer.Deserialize<ChangeDetectorState>(JsonSerializer.Serialize(half, RetrainJson.Options), RetrainJson.Options)!;
        var resumed = ChangeDetector.Update(spec, restored, errors.Skip(400));

        Assert.Equal(direct.Samples, resumed.Samples);
        Assert.Equal(direct.Mean, resumed.Mean, 12);
        Assert.Equal(direct.Statistic, resumed.Statistic, 9);
        Assert.Equal(direct.Level, resumed.Level);
    }

    [Fact]
    public void Update_ErrorOutsideUnitInterval_Throws()
    {
        var spec = new PerformanceTriggerSpec();

        Assert.Throws<ArgumentOutOfRangeException>(() => ChangeDetector.Update(spec, ChangeDetector.Reset(ChangeDetectorKind.Ddm), [1.5]));
    }

    internal static IEnumerable<double> Bernoulli(int seed, int count, double rate)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            yield return random.NextDouble() < rate ? 1.0 : 0.0;
        }
    }
}
