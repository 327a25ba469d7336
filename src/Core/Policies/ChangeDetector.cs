namespace RetrainFunctions.Core.Policies;

/// <summary>
/// Change detectors over a stream of per-row errors in [0, 1], as pure functions of a serializable
/// <see cref="ChangeDetectorState"/>: DDM (Gama, Medas, Castillo and Rodrigues 2004), the Page–Hinkley test
/// (Page 1954, as used by Gama et al. 2013) and ADWIN (Bifet and Gavaldà 2007, with ADWIN2's exponential buckets).
/// Each alarms on a rise of the error only; a drop is good news, not a reason to retrain.
/// </summary>
public static class ChangeDetector
{
    /// <summary>ADWIN keeps at most this many buckets of each size before merging the two oldest.</summary>
    private const int AdwinBucketsPerSize = 5;

    /// <summary>ADWIN does not test cuts that leave fewer samples than this on either side.</summary>
    private const int AdwinMinSide = 5;

    /// <summary>Returns the state of a fresh <paramref name="kind"/> detector.</summary>
    public static ChangeDetectorState Reset(ChangeDetectorKind kind) => new() { Kind = kind };

    /// <summary>Feeds <paramref name="errors"/> in order and returns the new state; <see cref="ChangeDetectorState.Level"/> stays at Drift once reached.</summary>
    public static ChangeDetectorState Update(PerformanceTriggerSpec spec, ChangeDetectorState state, IEnumerable<double> errors)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(errors);
        if (state.Kind != spec.Detector)
        {
            state = Reset(spec.Detector);
        }

        foreach (var error in errors)
        {
            if (!double.IsFinite(error) || error < 0 || error > 1)
            {
                throw new ArgumentOutOfRangeException(nameof(errors), error, "Errors must be finite and within [0, 1].");
            }

            var next = spec.Detector switch
            {
                ChangeDetectorKind.Ddm => AddDdm(spec, state, error),
                ChangeDetectorKind.PageHinkley => AddPageHinkley(spec, state, error),
                ChangeDetectorKind.Adwin => AddAdwin(spec, state, error),
                _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Detector, "Unknown change detector."),
            };

            // After an alarm the statistic that raised it is kept for the decision record.
            state = state.Level == ChangeLevel.Drift ? next with { Statistic = state.Statistic } : next;
        }

        return state;
    }

    private static ChangeDetectorState AddDdm(PerformanceTriggerSpec spec, ChangeDetectorState state, double error)
    {
        var n = state.Samples + 1;
        var p = state.Mean + ((error - state.Mean) / n);
        var s = Math.Sqrt(p * (1 - p) / n);
        var next = state with { Samples = n, Mean = p, Threshold = spec.DdmDriftLevel };
        if (n < spec.MinSamples)
        {
            return next;
        }

        // A perfect run so far (s = 0) would make any later error an alarm; the minimum waits for a defined deviation.
        if (s > 0 && p + s <= state.MinimumRate + state.MinimumDeviation)
        {
            next = next with { MinimumRate = p, MinimumDeviation = s };
        }

        // Distance of p + s above the best p_min + s_min, in units of s_min.
        var statistic = next.MinimumDeviation > 0 ? (p + s - next.MinimumRate) / next.MinimumDeviation : (p + s - next.MinimumRate) * 1e6;
        var level = statistic > spec.DdmDriftLevel ? ChangeLevel.Drift : statistic > spec.DdmWarningLevel ? ChangeLevel.Warning : ChangeLevel.None;
        return next with { Statistic = statistic, Level = Sticky(state.Level, level) };
    }

    private static ChangeDetectorState AddPageHinkley(PerformanceTriggerSpec spec, ChangeDetectorState state, double error)
    {
        var n = state.Samples + 1;
        var mean = state.Mean + ((error - state.Mean) / n);
        var cumulative = (spec.PageHinkleyAlpha * state.Cumulative) + (error - mean - spec.PageHinkleyDelta);
        var minimum = Math.Min(state.CumulativeMinimum, cumulative);
        var statistic = cumulative - minimum;
        var level = n >= spec.MinSamples && statistic > spec.PageHinkleyLambda ? ChangeLevel.Drift : ChangeLevel.None;
        return state with
        {
            Samples = n,
            Mean = mean,
            Cumulative = cumulative,
            CumulativeMinimum = minimum,
            Statistic = statistic,
            Threshold = spec.PageHinkleyLambda,
            Level = Sticky(state.Level, level),
        };
    }

    private static ChangeDetectorState AddAdwin(PerformanceTriggerSpec spec, ChangeDetectorState state, double error)
    {
        var buckets = new List<AdwinBucket>(state.Buckets) { new(1, error) };
        Compress(buckets);
        var n = state.Samples + 1;
        var rose = false;
        var best = double.NegativeInfinity;
        while (FindCut(buckets, spec.AdwinDelta, out var gain))
        {
            // The old part differs from the recent one: drop the oldest bucket and test again (ADWIN shrinks its window).
            rose |= gain > 0;
            best = Math.Max(best, gain);
            n -= buckets[0].Count;
            buckets.RemoveAt(0);
        }

        if (!double.IsFinite(best))
        {
            FindCut(buckets, spec.AdwinDelta, out best, reportOnly: true);
        }

        var total = buckets.Sum(b => b.Count);
        var mean = total == 0 ? 0 : buckets.Sum(b => b.Sum) / total;
        var level = rose && state.Samples + 1 >= spec.MinSamples ? ChangeLevel.Drift : ChangeLevel.None;
        return state with
        {
            Samples = n,
            Mean = mean,
            Buckets = buckets,
            Statistic = double.IsFinite(best) ? best : 0,
            Threshold = 0,
            Level = Sticky(state.Level, level),
        };
    }

    /// <summary>
    /// Looks for a split old | recent of the window whose means differ by more than the ADWIN bound
    /// ε = sqrt(2σ²/m · ln(2/δ')) + 2/(3m) · ln(2/δ'), m = 1/(1/n0 + 1/n1), δ' = δ/n; <paramref name="gain"/> is the
    /// largest (recent mean − old mean) − ε seen or, for the cut found, |difference| − ε signed by the direction (positive: the error rose).
    /// </summary>
    private static bool FindCut(List<AdwinBucket> buckets, double delta, out double gain, bool reportOnly = false)
    {
        gain = double.NegativeInfinity;
        long total = buckets.Sum(b => b.Count);
        var sum = buckets.Sum(b => b.Sum);
        if (total < 2 * AdwinMinSide)
        {
            return false;
        }

        var mean = sum / total;
        var variance = Math.Max(mean * (1 - mean), 1e-12);
        var log = Math.Log(2 * total / delta);
        long oldCount = 0;
        double oldSum = 0;
        for (var i = 0; i < buckets.Count - 1; i++)
        {
            oldCount += buckets[i].Count;
            oldSum += buckets[i].Sum;
            var recentCount = total - oldCount;
            if (oldCount < AdwinMinSide || recentCount < AdwinMinSide)
            {
                continue;
            }

            var m = 1.0 / ((1.0 / oldCount) + (1.0 / recentCount));
            var epsilon = Math.Sqrt(2 * variance * log / m) + (2.0 / (3 * m) * log);
            var difference = ((sum - oldSum) / recentCount) - (oldSum / oldCount);
            var signedGain = Math.Abs(difference) - epsilon;
            gain = Math.Max(gain, difference - epsilon);
            if (!reportOnly && signedGain > 0)
            {
                gain = difference > 0 ? signedGain : -signedGain;
                return true;
            }
        }

        return false;
    }

    /// <summary>ADWIN2's exponential histogram: at most <see cref="AdwinBucketsPerSize"/> buckets of each size; the two oldest of a size merge.</summary>
    private static void Compress(List<AdwinBucket> buckets)
    {
        var merged = true;
        while (merged)
        {
            merged = false;
            foreach (var group in buckets.Select((b, i) => (b.Count, i)).GroupBy(x => x.Count))
            {
                if (group.Count() > AdwinBucketsPerSize)
                {
                    var first = group.First().i;
                    var second = group.Skip(1).First().i;
                    buckets[first] = new AdwinBucket(buckets[first].Count + buckets[second].Count, buckets[first].Sum + buckets[second].Sum);
                    buckets.RemoveAt(second);
                    merged = true;
                    break;
                }
            }
        }
    }

    private static ChangeLevel Sticky(ChangeLevel previous, ChangeLevel current) => previous == ChangeLevel.Drift ? ChangeLevel.Drift : current;
}
