namespace RetrainFunctions.Core.Profiling;

/// <summary>
/// Exact counts on fixed bin edges. <see cref="Counts"/> has one entry more than <see cref="Edges"/>:
/// <c>Counts[0]</c> counts values below <c>Edges[0]</c>, <c>Counts[i]</c> values in <c>[Edges[i-1], Edges[i])</c>
/// (the last bin also holds <c>Edges[^1]</c>), and <c>Counts[^1]</c> values above <c>Edges[^1]</c>.
/// </summary>
/// <param name="Edges">Ascending bin edges.</param>
/// <param name="Counts">Counts: underflow, one per bin, overflow.</param>
public sealed record Histogram(IReadOnlyList<double> Edges, IReadOnlyList<long> Counts)
{
    /// <summary>Returns the index in <see cref="Counts"/> of <paramref name="value"/> for the given edges.</summary>
    public static int BinOf(IReadOnlyList<double> edges, double value)
    {
        ArgumentNullException.ThrowIfNull(edges);
        if (value < edges[0])
        {
            return 0;
        }

        if (value > edges[^1])
        {
            return edges.Count;
        }

        if (value == edges[^1])
        {
            return edges.Count - 1;
        }

        int lo = 0, hi = edges.Count - 1;
        while (hi - lo > 1)
        {
            var mid = (lo + hi) / 2;
            if (value >= edges[mid])
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return lo + 1;
    }
}
