using System.Globalization;
using System.Net;
using System.Text;
using RetrainFunctions.Core.Profiling;

namespace RetrainFunctions.Core.Drift;

/// <summary>Renders a <see cref="DriftReport"/> as one self-contained HTML page: a summary, a table and an inline SVG chart per column (no scripts, no external resources).</summary>
public static class DriftPage
{
    /// <summary>Renders <paramref name="report"/>.</summary>
    public static string Render(DriftReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        var title = $"Drift of {report.Model ?? "data"}{(report.RunId is null ? string.Empty : " — run " + report.RunId)}";
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td,th{padding:.3em .6em;border-bottom:1px solid #ddd;text-align:right}")
            .Append("td:first-child,th:first-child{text-align:left}.drift{color:#b00020;font-weight:bold}.ok{color:#2e7d32}section{margin:1.5em 0}.legend span{display:inline-block;width:1em;height:1em;margin:0 .3em 0 1em;vertical-align:middle}")
            .Append("</style></head><body>");
        html.Append("<h1>").Append(E(title)).Append("</h1>");
        html.Append("<p>Compared with <b>").Append(E(report.ReferenceDescription)).Append("</b> (").Append(E(report.Reference.ToString())).Append(" reference, ")
            .Append(N(report.ReferenceRows)).Append(" rows) on ").Append(N(report.CurrentRows)).Append(" new rows.</p>");
        html.Append("<p>Dataset: <span class=\"").Append(report.DatasetDrifted ? "drift\">DRIFTED" : "ok\">not drifted").Append("</span> — ")
            .Append(P(report.DriftedShare)).Append(" of features drifted (").Append(report.Weighting == DriftWeighting.Equal ? "equal weights" : "weighted by importance")
            .Append("; limit ").Append(P(report.Thresholds.DatasetDriftShare)).Append(").");
        if (report.Label is { } label)
        {
            html.Append(" Label: <span class=\"").Append(label.Drifted ? "drift\">drifted" : "ok\">stable").Append("</span>.");
        }

        html.Append("</p><p>A numeric column drifts when its PSI net of sampling bias is at least ").Append(F(report.Thresholds.PsiThreshold))
            .Append(" and its Wasserstein distance net of sampling noise is at least ").Append(F(report.Thresholds.WassersteinThreshold))
            .Append(" reference standard deviations; a categorical one when its Jensen–Shannon distance is at least ").Append(F(report.Thresholds.JensenShannonThreshold))
            .Append(" and a category's share moved by at least ").Append(F(report.Thresholds.LInfinityThreshold))
            .Append(". p-values are Benjamini–Hochberg adjusted and shown for information; they do not decide.</p>");
        html.Append("<table><tr><th>column</th><th>verdict</th><th>PSI (net)</th><th>W1 / std (net)</th><th>KS</th><th>Jensen–Shannon</th><th>χ²</th><th>L∞</th><th>adj. p</th></tr>");
        var columns = report.Features.Concat(report.Label is null ? [] : [report.Label]).Concat(report.Prediction is null ? [] : [report.Prediction]).ToList();
        foreach (var c in columns)
        {
            html.Append("<tr><td><a href=\"#c-").Append(E(c.Column)).Append("\">").Append(E(c.Column)).Append("</a></td><td class=\"").Append(c.Drifted ? "drift\">drifted" : "ok\">ok").Append("</td><td>")
                .Append(F(c.PsiCorrected)).Append("</td><td>").Append(F(c.NormalizedWasserstein)).Append("</td><td>").Append(F(c.KolmogorovSmirnov)).Append("</td><td>")
                .Append(F(c.JensenShannon)).Append("</td><td>").Append(F(c.ChiSquare)).Append("</td><td>").Append(F(c.LInfinity)).Append("</td><td>").Append(F(c.AdjustedPValue)).Append("</td></tr>");
        }

        html.Append("</table>").Append(MeasuresTable(columns)).Append("<p class=\"legend\">Charts:<span style=\"background:#9e9e9e\"></span>reference<span style=\"background:#1565c0\"></span>new data</p>");
        foreach (var c in columns.Where(c => c.Chart is not null))
        {
            html.Append("<section id=\"c-").Append(E(c.Column)).Append("\"><h3>").Append(E(c.Column)).Append(" <small class=\"").Append(c.Drifted ? "drift\">drifted" : "ok\">ok")
                .Append("</small></h3>").Append(Chart(c.Chart!, c.Kind)).Append("</section>");
        }

        return html.Append("</body></html>").ToString();
    }

    /// <summary>Every registered measure's value per column (the built-ins and any added with <c>AddRetrainDriftMeasure</c>); judging values show "judged / threshold".</summary>
    private static string MeasuresTable(IReadOnlyList<FeatureDrift> columns)
    {
        var names = columns.SelectMany(c => c.Measures ?? []).Select(m => m.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (names.Count == 0)
        {
            return string.Empty;
        }

        var table = new StringBuilder("<h2>All measures</h2><table><tr><th>column</th>");
        names.ForEach(name => table.Append("<th>").Append(E(name)).Append("</th>"));
        table.Append("</tr>");
        foreach (var c in columns)
        {
            table.Append("<tr><td>").Append(E(c.Column)).Append("</td>");
            foreach (var name in names)
            {
                var m = c.Measures?.FirstOrDefault(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase));
                table.Append("<td>").Append(m is null ? "–" : F(m.Value)).Append(m?.Threshold is { } t ? $" ({F(m.Judged)} / {F(t)})" : string.Empty).Append("</td>");
            }

            table.Append("</tr>");
        }

        return table.Append("</table>").ToString();
    }

    private static string Chart(DistributionChart chart, ColumnKind kind)
    {
        const int width = 640, height = 160, bottom = 140;
        var bins = chart.Bins.Count;
        var max = Math.Max(chart.Reference.DefaultIfEmpty(0).Max(), chart.Current.DefaultIfEmpty(0).Max());
        var slot = (double)width / Math.Max(1, bins);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height + 20}\" role=\"img\">");
        for (var i = 0; i < bins; i++)
        {
            var x = i * slot;
            var r = max > 0 ? chart.Reference[i] / max * (bottom - 10) : 0;
            var a = max > 0 ? chart.Current[i] / max * (bottom - 10) : 0;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + 1:0.#}\" y=\"{bottom - r:0.#}\" width=\"{(slot / 2) - 1:0.#}\" height=\"{r:0.#}\" fill=\"#9e9e9e\"><title>{E(chart.Bins[i])}: reference {P(chart.Reference[i])}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + (slot / 2):0.#}\" y=\"{bottom - a:0.#}\" width=\"{(slot / 2) - 1:0.#}\" height=\"{a:0.#}\" fill=\"#1565c0\"><title>{E(chart.Bins[i])}: new {P(chart.Current[i])}</title></rect>");
            if (kind == ColumnKind.Categorical || i % 4 == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 1:0.#}\" y=\"{bottom + 14}\" font-size=\"10\">{E(Short(chart.Bins[i]))}</text>");
            }
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"0\" y1=\"{bottom}\" x2=\"{width}\" y2=\"{bottom}\" stroke=\"#555\"/></svg>");
        return svg.ToString();
    }

    private static string Short(string text) => text.Length <= 12 ? text : text[..11] + "…";

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string P(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string F(double? value) => value switch
    {
        null => "–",
        double.PositiveInfinity => "∞",
        { } v => v.ToString(v < 0.001 && v > 0 ? "0.0e0" : "0.###", CultureInfo.InvariantCulture),
    };
}
