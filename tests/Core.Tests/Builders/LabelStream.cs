using System.Globalization;
using System.Text;

namespace RetrainFunctions.Core.Tests.Builders;

/// <summary>
/// A binary stream for the label-agreement check: x1, x2, x3 uniform on [−2, 2], label yes with probability
/// σ(<see cref="Steepness"/> · (x1 + 0.5·x2 − 0.5·x3 − threshold)). A batch is the same concept, the concept with the
/// threshold on x1 moved (<see cref="LabelStreamCase.Shifted"/>), or the same concept with a share of its labels flipped
/// (<see cref="LabelStreamCase.Flipped"/>).
/// </summary>
internal static class LabelStream
{
    /// <summary>How sharply the probability of yes rises across the boundary.</summary>
    public const double Steepness = 3;

    /// <summary>The threshold of the shifted concept (the original is 0): production's accuracy falls by about 12 points.</summary>
    public const double ShiftedThreshold = 1.0;

    /// <summary>The rows of a batch: features and label (true = yes).</summary>
    public static List<(float X1, float X2, float X3, bool Label)> Rows(int rows, int seed, LabelStreamCase kind = LabelStreamCase.Same, double flipShare = 0.3)
    {
        var random = new Random(seed);
        var list = new List<(float, float, float, bool)>(rows);
        var threshold = kind == LabelStreamCase.Shifted ? ShiftedThreshold : 0;
        for (var i = 0; i < rows; i++)
        {
            var x1 = (random.NextDouble() * 4) - 2;
            var x2 = (random.NextDouble() * 4) - 2;
            var x3 = (random.NextDouble() * 4) - 2;
            var p = 1 / (1 + Math.Exp(-Steepness * (x1 + (0.5 * x2) - (0.5 * x3) - threshold)));
            var label = random.NextDouble() < p;
            if (kind == LabelStreamCase.Flipped && random.NextDouble() < flipShare)
            {
                label = !label;
            }

            list.Add(((float)x1, (float)x2, (float)x3, label));
        }

        return list;
    }

    /// <summary>The rows as CSV with a header (label yes/no and a timestamp column ts, 10 minutes apart from <paramref name="start"/>).</summary>
    public static string Csv(IEnumerable<(float X1, float X2, float X3, bool Label)> rows, DateTime start)
    {
        var text = new StringBuilder("x1,x2,x3,label,ts\n");
        var i = 0;
        foreach (var (x1, x2, x3, label) in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{x1:0.0000},{x2:0.0000},{x3:0.0000},{(label ? "yes" : "no")},{start.AddMinutes(10 * i++):yyyy-MM-ddTHH:mm:ssZ}\n");
        }

        return text.ToString();
    }
}
