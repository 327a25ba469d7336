using System.Globalization;
using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Drift;

/// <summary>
/// Walks time-ordered rows in consecutive batches and measures each batch's drift the way the validate stage
/// would, against one of three references: the production training data (the first rows), the previous batch, or
/// the same rows one season earlier (the previous batch while less than a season has passed).
/// </summary>
public static class DriftReplayer
{
    /// <summary>Replays <paramref name="rows"/> (columns named by <paramref name="header"/>); batches without a reference are skipped.</summary>
    public static IEnumerable<ReplayedBatch> Replay(ModelSpec spec, IReadOnlyList<string> header, IReadOnlyList<string[]> rows, DriftReplayOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.SeasonRows);
        return ReplayCore(spec, header, rows, options);
    }

    private static IEnumerable<ReplayedBatch> ReplayCore(ModelSpec spec, IReadOnlyList<string> header, IReadOnlyList<string[]> rows, DriftReplayOptions options)
    {
        var size = options.BatchRows;
        var productionRows = Math.Min(options.ReferenceRows ?? size, rows.Count);
        var production = options.Reference == DriftReferenceKind.Production ? Profile(spec, header, rows, 0, productionRows) : null;
        var start = options.Reference == DriftReferenceKind.Production ? productionRows : size;
        DatasetProfile? previous = options.Reference == DriftReferenceKind.Production ? null : Profile(spec, header, rows, 0, Math.Min(size, rows.Count));
        var index = start / size;
        for (var first = start; first < rows.Count; first += size, index++)
        {
            var count = Math.Min(size, rows.Count - first);
            var current = Profile(spec, header, rows, first, count);
            DriftReport report;
            if (production is not null)
            {
                report = DriftDetector.Compare(production, current, spec.Drift, DriftReferenceKind.Production, Range("production: rows", 0, productionRows));
            }
            else if (options.Reference == DriftReferenceKind.Seasonal && first - options.SeasonRows >= 0)
            {
                var seasons = Enumerable.Range(1, Math.Max(1, options.Seasons)).Select(s => first - (s * options.SeasonRows)).Where(s => s >= 0).ToList();
                var profiler = new DatasetProfiler(spec);
                foreach (var seasonStart in seasons)
                {
                    profiler.Add(header, rows.Skip(seasonStart).Take(count));
                }

                var description = string.Join(", ", seasons.Select(s => Range("rows", s, count)));
                report = DriftDetector.Compare(profiler.Build(), current, spec.Drift, DriftReferenceKind.Seasonal, $"same period {seasons.Count} season(s) earlier: {description}");
            }
            else
            {
                report = DriftDetector.Compare(previous!, current, spec.Drift, DriftReferenceKind.Previous, Range("previous batch: rows", first - size, size));
            }

            previous = current;
            yield return new ReplayedBatch(index, first, count, report);
        }
    }

    private static DatasetProfile Profile(ModelSpec spec, IReadOnlyList<string> header, IReadOnlyList<string[]> rows, int first, int count)
    {
        var profiler = new DatasetProfiler(spec);
        profiler.Add(header, rows.Skip(first).Take(count));
        return profiler.Build();
    }

    private static string Range(string what, int first, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{what} {first:N0}-{first + count - 1:N0}");
}
