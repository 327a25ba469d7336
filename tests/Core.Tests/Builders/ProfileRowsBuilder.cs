using System.Globalization;
using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Tests.Builders;

/// <summary>
/// Builds rows of the test spec (<c>x1</c>, <c>x2</c> numeric, <c>color</c> categorical, binary <c>label</c>) from
/// generators, and profiles them. Seeded: the same builder gives the same rows.
/// </summary>
internal sealed class ProfileRowsBuilder
{
    public static readonly string[] Header = ["x1", "x2", "color", "label"];

    private readonly Random _random;
    private Func<Random, int, double> _x1 = (r, _) => Normal(r);
    private Func<Random, int, double> _x2 = (r, _) => Normal(r);
    private Func<Random, int, string> _color = (r, _) => r.NextDouble() < 0.5 ? "red" : "blue";
    private Func<Random, int, double, string> _label = (r, _, _) => r.NextDouble() < 0.3 ? "yes" : "no";

    public ProfileRowsBuilder(int seed = 1) => _random = new Random(seed);

    public ProfileRowsBuilder WithX1(Func<Random, int, double> x1)
    {
        _x1 = x1;
        return this;
    }

    public ProfileRowsBuilder WithX2(Func<Random, int, double> x2)
    {
        _x2 = x2;
        return this;
    }

    public ProfileRowsBuilder WithColor(Func<Random, int, string> color)
    {
        _color = color;
        return this;
    }

    /// <summary>The label from the random source, the row index and x1.</summary>
    public ProfileRowsBuilder WithLabel(Func<Random, int, double, string> label)
    {
        _label = label;
        return this;
    }

    public static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    public List<string[]> Rows(int count, int firstIndex = 0)
    {
        var rows = new List<string[]>(count);
        for (var i = firstIndex; i < firstIndex + count; i++)
        {
            var x1 = _x1(_random, i);
            rows.Add([F(x1), F(_x2(_random, i)), _color(_random, i), _label(_random, i, x1)]);
        }

        return rows;
    }

    public DatasetProfile Profile(int count, ModelSpec? spec = null) => ProfileOf(Rows(count), spec);

    public static DatasetProfile ProfileOf(IEnumerable<string[]> rows, ModelSpec? spec = null)
    {
        var profiler = new DatasetProfiler(spec ?? new Specs.ModelSpecBuilder().Build());
        profiler.Add(Header, rows);
        return profiler.Build();
    }

    public static string Csv(IEnumerable<string[]> rows) =>
        string.Join(",", Header) + "\n" + string.Concat(rows.Select(r => string.Join(",", r) + "\n"));

    private static string F(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
