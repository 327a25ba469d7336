using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Orchestration;

/// <summary>
/// One training window of the fan-out: the newest <paramref name="Rows"/> rows or <paramref name="Fraction"/> of them, or
/// (both null) all, weighted by recency when <paramref name="HalfLifeFraction"/> is set.
/// </summary>
/// <param name="Rows">The newest rows of the train split, or null.</param>
/// <param name="Fraction">The newest share of the train split, or null.</param>
/// <param name="HalfLifeFraction">The recency half-life as a share of the window's rows, or null for equal weights.</param>
internal sealed record CandidateWindow(int? Rows, double? Fraction, double? HalfLifeFraction = null)
{
    /// <summary>
    /// The training windows of the fan-out: the whole train split first, then each distinct
    /// <see cref="WindowSpec.CandidateRows"/> smaller than the train split, smallest first, then each distinct
    /// <see cref="WindowSpec.CandidateFractions"/> share whose rows (at least 10) differ from the windows before it, smallest first,
    /// then the whole train split once per distinct <see cref="WindowSpec.CandidateHalfLives"/> share, shortest half-life first.
    /// </summary>
    public static List<CandidateWindow> For(WindowSpec window, int trainRows)
    {
        List<CandidateWindow> windows = [new(null, null), .. (window.CandidateRows ?? []).Where(n => n < trainRows).Distinct().Order().Select(n => new CandidateWindow(n, null))];
        foreach (var share in (window.CandidateFractions ?? []).Distinct().Order())
        {
            var rows = (int)Math.Ceiling(trainRows * share);
            if (rows >= 10 && rows < trainRows && !windows.Any(w => w.Rows == rows || (w.Fraction is { } f && (int)Math.Ceiling(trainRows * f) == rows)))
            {
                windows.Add(new(null, share));
            }
        }

        windows.AddRange((window.CandidateHalfLives ?? []).Distinct().Order().Select(share => new CandidateWindow(null, null, share)));
        return windows;
    }
}
