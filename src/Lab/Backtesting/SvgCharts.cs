using System.Globalization;
using System.Security;
using System.Text;

namespace RetrainFunctions.Lab.Backtesting;

/// <summary>Hand-written SVG charts of a backtest: the metric over time with retrain markers, and quality against cost.</summary>
internal static class SvgCharts
{
    private const int Width = 900;
    private const int Height = 420;
    private const int Left = 70;
    private const int Right = 170;
    private const int Top = 40;
    private const int Bottom = 50;
    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

    /// <summary>Per-batch metric of each policy (a rolling mean over <paramref name="smooth"/> batches); ● deployed retrain, ○ rejected retrain.</summary>
    public static string Timeline(BacktestReport report, int smooth = 4)
    {
        ArgumentNullException.ThrowIfNull(report);
        var series = report.Policies.Select(p => (p.Name, Points: p.Batches.Where(b => b.Metric is not null).ToList(), p.Batches)).ToList();
        var values = series.SelectMany(s => Rolling(s.Points, smooth).Select(v => v.Value)).ToList();
        var (yMin, yMax) = Range(values);
        var (xMin, xMax) = (report.EvalFrom, Math.Max(report.EvalFrom + 1, report.Batches - 1));
        var svg = Begin($"{report.PrimaryMetric} per batch ({smooth}-batch rolling mean), {Path.GetFileName(report.Data)}, label latency {report.LabelLatency}", "batch", report.PrimaryMetric, xMin, xMax, yMin, yMax);
        for (var i = 0; i < series.Count; i++)
        {
            var color = Colors[i % Colors.Length];
            var points = Rolling(series[i].Points, smooth).Select(p => $"{X(p.Batch, xMin, xMax):0.#},{Y(p.Value, yMin, yMax):0.#}");
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\" points=\"{string.Join(' ', points)}\"/>\n");
            foreach (var retrain in series[i].Batches.Where(b => b.Outcome is not null && b.Batch >= xMin))
            {
                var y = Top + 6 + (i * 8);
                var fill = retrain.Outcome == "Deployed" ? color : "white";
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(retrain.Batch + 1, xMin, xMax):0.#}\" cy=\"{y}\" r=\"2.5\" fill=\"{fill}\" stroke=\"{color}\"><title>{Escape(series[i].Name)} batch {retrain.Batch}: {retrain.Outcome}</title></circle>\n");
            }

            Legend(svg, i, color, series[i].Name);
        }

        return End(svg);
    }

    /// <summary>Each policy's metric against its retrains; baselines as dashed lines.</summary>
    public static string QualityCost(BacktestReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var metric = report.PrimaryMetric;
        var policies = report.Policies.Select(p => (p.Name, p.Retrains, Value: p.Metrics[metric])).ToList();
        var baselines = report.Baselines.Where(b => b.Value.ContainsKey(metric)).Select(b => (b.Key, Value: b.Value[metric])).ToList();
        var (yMin, yMax) = Range([.. policies.Select(p => p.Value), .. baselines.Select(b => b.Value)]);
        var xMax = Math.Max(1, policies.Max(p => p.Retrains)) * 1.05;
        var svg = Begin($"{metric} against retrains, {Path.GetFileName(report.Data)}", "retrains", metric, 0, xMax, yMin, yMax);
        for (var i = 0; i < baselines.Count; i++)
        {
            var y = Y(baselines[i].Value, yMin, yMax);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 4}\" y=\"{y + 4:0.#}\" font-size=\"11\" fill=\"#666\">{Escape(baselines[i].Key)}</text>\n");
        }

        for (var i = 0; i < policies.Count; i++)
        {
            var color = Colors[i % Colors.Length];
            var (x, y) = (X(policies[i].Retrains, 0, xMax), Y(policies[i].Value, yMin, yMax));
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"5\" fill=\"{color}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 8:0.#}\" y=\"{y - 6:0.#}\" font-size=\"11\" fill=\"{color}\">{Escape(policies[i].Name)} ({policies[i].Value:0.###})</text>\n");
        }

        return End(svg);
    }

    private static IEnumerable<(int Batch, double Value)> Rolling(List<BatchPoint> points, int window)
    {
        for (var i = 0; i < points.Count; i++)
        {
            var from = Math.Max(0, i - window + 1);
            yield return (points[i].Batch, points.Skip(from).Take(i - from + 1).Average(p => p.Metric!.Value));
        }
    }

    private static (double Min, double Max) Range(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return (0, 1);
        }

        var (min, max) = (values.Min(), values.Max());
        var pad = Math.Max((max - min) * 0.08, 1e-6);
        return (min - pad, max + pad);
    }

    private static double X(double value, double min, double max) => Left + ((value - min) / (max - min) * (Width - Left - Right));

    private static double Y(double value, double min, double max) => Height - Bottom - ((value - min) / (max - min) * (Height - Top - Bottom));

    private static StringBuilder Begin(string title, string xLabel, string yLabel, double xMin, double xMax, double yMin, double yMax)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n<text x=\"{Left}\" y=\"22\" font-size=\"14\">{Escape(title)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{Width - Left - Right}\" height=\"{Height - Top - Bottom}\" fill=\"none\" stroke=\"#333\"/>\n");
        for (var t = 0; t <= 5; t++)
        {
            var yv = yMin + ((yMax - yMin) * t / 5);
            var xv = xMin + ((xMax - xMin) * t / 5);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{Y(yv, yMin, yMax) + 4:0.#}\" font-size=\"11\" text-anchor=\"end\">{yv:0.###}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Y(yv, yMin, yMax):0.#}\" y2=\"{Y(yv, yMin, yMax):0.#}\" stroke=\"#eee\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(xv, xMin, xMax):0.#}\" y=\"{Height - Bottom + 16}\" font-size=\"11\" text-anchor=\"middle\">{xv:0.#}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 12}\" font-size=\"12\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"16\" y=\"{(Top + Height - Bottom) / 2}\" font-size=\"12\" text-anchor=\"middle\" transform=\"rotate(-90 16 {(Top + Height - Bottom) / 2})\">{Escape(yLabel)}</text>\n");
        return svg;
    }

    private static void Legend(StringBuilder svg, int index, string color, string name)
    {
        var y = Top + 10 + (index * 18);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Width - Right + 10}\" x2=\"{Width - Right + 30}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{color}\" stroke-width=\"2\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 34}\" y=\"{y + 4}\" font-size=\"11\">{Escape(name)}</text>\n");
    }

    private static string End(StringBuilder svg) => svg.Append("</svg>\n").ToString();

    private static string Escape(string text) => SecurityElement.Escape(text) ?? string.Empty;
}
