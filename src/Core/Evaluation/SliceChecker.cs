using System.Globalization;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// Searches the holdout for slices where the challenger is significantly worse than the champion.
/// </summary>
/// <remarks>
/// <para>Slices are found automatically: each value of a categorical feature, and each of <see cref="GateSpec.SliceBins"/>
/// quantile bins of a numeric feature (edges at the k/bins quantiles of its non-missing holdout values; a bin is
/// <c>[low, high)</c>, the last one closed). Only slices with at least <see cref="GateSpec.SliceMinRows"/> rows are compared.</para>
/// <para>On each slice, rows are paired: classification counts the rows only the champion gets right (worse) and only
/// the challenger gets right (better); regression counts rows where the challenger's absolute error is larger or smaller
/// (ties dropped). The one-sided exact sign test gives P(X ≥ worse), X ~ Binomial(worse + better, ½); the p-values of
/// all slices are Holm-adjusted (family-wise error rate <see cref="GateSpec.SliceAlpha"/>), and a slice regresses when
/// its adjusted p-value is below the alpha.</para>
/// </remarks>
internal static class SliceChecker
{
    /// <summary>The correction, as written into reports.</summary>
    public static string Correction(GateSpec gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        return string.Create(CultureInfo.InvariantCulture,
            $"one-sided exact sign test per slice (classification: rows only one model gets right; regression: larger absolute error), Holm-adjusted across all slices, family-wise alpha {gate.SliceAlpha}; slices: each categorical value and {gate.SliceBins} quantile bins per numeric feature, at least {gate.SliceMinRows} rows");
    }

    /// <summary>Compares the two models on every slice of the holdout CSV at <paramref name="holdoutCsvPath"/> (rows in the order of the predictions).</summary>
    public static IReadOnlyList<SliceComparison> Compare(
        ModelSpec spec,
        string holdoutCsvPath,
        HoldoutPredictions challenger,
        HoldoutPredictions champion)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(holdoutCsvPath);
        ArgumentNullException.ThrowIfNull(challenger);
        ArgumentNullException.ThrowIfNull(champion);

        var gate = spec.Gate;
        var outcome = RowOutcomes(challenger, champion);
        var columns = ReadColumns(spec, holdoutCsvPath);
        if (columns.Values.FirstOrDefault() is { } any && any.Count != outcome.Length)
        {
            throw new InvalidDataException($"The holdout file has {any.Count} rows but the models predicted {outcome.Length}; slices cannot be paired.");
        }

        var slices = new List<(string Feature, string Slice, List<int> Rows)>();
        foreach (var feature in spec.Features)
        {
            var values = columns[feature.Name];
            slices.AddRange(feature.Type == FeatureType.Categorical
                ? CategoricalSlices(feature.Name, values)
                : NumericSlices(feature.Name, values, gate.SliceBins));
        }

        var eligible = slices.Where(s => s.Rows.Count >= gate.SliceMinRows).ToList();
        var counted = eligible.Select(s =>
        {
            int worse = 0, better = 0;
            foreach (var row in s.Rows)
            {
                worse += outcome[row] < 0 ? 1 : 0;
                better += outcome[row] > 0 ? 1 : 0;
            }

            return (s.Feature, s.Slice, s.Rows.Count, Worse: worse, Better: better, P: PairedStatistics.SignTestWorse(worse, better));
        }).ToList();
        var adjusted = PairedStatistics.Holm([.. counted.Select(c => c.P)]);
        return [.. counted.Select((c, i) => new SliceComparison(c.Feature, c.Slice, c.Count, c.Worse, c.Better, c.P, adjusted[i], adjusted[i] < gate.SliceAlpha && c.Worse > c.Better))];
    }

    /// <summary>Per row: −1 when the challenger is worse, +1 when better, 0 when tied.</summary>
    private static int[] RowOutcomes(HoldoutPredictions challenger, HoldoutPredictions champion)
    {
        if (challenger.Count != champion.Count)
        {
            throw new ArgumentException($"Paired slices need the same rows for both models; got {challenger.Count} and {champion.Count}.");
        }

        var outcome = new int[challenger.Count];
        for (var i = 0; i < outcome.Length; i++)
        {
            if (challenger.Task == ModelTask.Regression)
            {
                var mine = Math.Abs(challenger.Labels[i] - challenger.Scores[i]);
                var theirs = Math.Abs(champion.Labels[i] - champion.Scores[i]);
                outcome[i] = mine > theirs ? -1 : mine < theirs ? 1 : 0;
            }
            else
            {
                outcome[i] = challenger.Correct[i] == champion.Correct[i] ? 0 : challenger.Correct[i] ? 1 : -1;
            }
        }

        return outcome;
    }

    private static Dictionary<string, List<string>> ReadColumns(ModelSpec spec, string path)
    {
        using var reader = new CsvReader(File.OpenRead(path));
        var header = reader.ReadHeader();
        var index = spec.Features.ToDictionary(f => f.Name, f => Array.FindIndex(header, h => string.Equals(h.Trim(), f.Name, StringComparison.Ordinal)), StringComparer.Ordinal);
        var missing = index.Where(i => i.Value < 0).Select(i => i.Key).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"The holdout file has no column(s) {string.Join(", ", missing)}.");
        }

        var columns = index.Keys.ToDictionary(k => k, _ => new List<string>(), StringComparer.Ordinal);
        while (reader.ReadRecord() is { } record)
        {
            if (record.Length == 1 && record[0].Length == 0)
            {
                continue;
            }

            foreach (var (name, i) in index)
            {
                columns[name].Add(i < record.Length ? record[i].Trim() : string.Empty);
            }
        }

        return columns;
    }

    private static IEnumerable<(string, string, List<int>)> CategoricalSlices(string feature, List<string> values) =>
        values.Select((value, row) => (value, row))
            .Where(v => v.value.Length > 0)
            .GroupBy(v => v.value, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (feature, $"= {g.Key}", g.Select(v => v.row).ToList()));

    private static IEnumerable<(string, string, List<int>)> NumericSlices(string feature, List<string> values, int bins)
    {
        var parsed = values
            .Select((text, row) => (ok: double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v), v, row))
            .Where(p => p.ok)
            .Select(p => (value: p.v, p.row))
            .ToList();
        if (parsed.Count == 0)
        {
            yield break;
        }

        var sorted = parsed.Select(p => p.value).Order().ToArray();
        var edges = Enumerable.Range(0, bins + 1)
            .Select(k => sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(k * (sorted.Length - 1) / (double)bins))])
            .Distinct()
            .ToArray();
        for (var b = 0; b + 1 < edges.Length; b++)
        {
            var (low, high, last) = (edges[b], edges[b + 1], b + 2 == edges.Length);
            var rows = parsed.Where(p => p.value >= low && (last ? p.value <= high : p.value < high)).Select(p => p.row).ToList();
            var close = last ? "]" : ")";
            yield return (feature, string.Create(CultureInfo.InvariantCulture, $"in [{low:G6}, {high:G6}{close}"), rows);
        }
    }
}
