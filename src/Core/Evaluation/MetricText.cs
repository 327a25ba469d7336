using System.Globalization;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>How metrics read in reasons and logs: short names, four decimals, invariant culture.</summary>
internal static class MetricText
{
    /// <summary>The short display name of <paramref name="metric"/> (AUC, RMSE, R², …).</summary>
    public static string Name(EvaluationMetric metric) => metric switch
    {
        EvaluationMetric.Auc => "AUC",
        EvaluationMetric.Rmse => "RMSE",
        EvaluationMetric.Mae => "MAE",
        EvaluationMetric.RSquared => "R²",
        _ => metric.ToString(),
    };

    /// <summary>The name of <paramref name="metric"/> in running text (accuracy, F1, micro-accuracy, macro-F1, log-loss, AUC, …).</summary>
    public static string Prose(EvaluationMetric metric) => metric switch
    {
        EvaluationMetric.Accuracy => "accuracy",
        EvaluationMetric.MicroAccuracy => "micro-accuracy",
        EvaluationMetric.MacroAccuracy => "macro-accuracy",
        EvaluationMetric.MacroF1 => "macro-F1",
        EvaluationMetric.LogLoss => "log-loss",
        _ => Name(metric),
    };

    /// <summary>A metric value with four decimals.</summary>
    public static string Value(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    /// <summary>A signed difference with four decimals, or in scientific notation when it is not zero but rounds to zero.</summary>
    public static string Signed(double value) =>
        value != 0 && Math.Abs(value) < 0.00005
            ? value.ToString("+0.##E+0;-0.##E+0", CultureInfo.InvariantCulture)
            : value.ToString("+0.0000;-0.0000;+0.0000", CultureInfo.InvariantCulture);

    /// <summary>A plain number as configured (e.g. a threshold or minDelta).</summary>
    public static string Plain(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>A row count with thousands separators (1,234).</summary>
    public static string Rows(int rows) => rows.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A confidence level as a percentage (0.95 → 95 %).</summary>
    public static string Percent(double level) => (level * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %";

    /// <summary>A p-value: three significant digits, or <c>&lt;1e-6</c>.</summary>
    public static string P(double p) => p < 1e-6 ? "<1e-6" : p.ToString("0.###E+0", CultureInfo.InvariantCulture) is var e && p < 0.001 ? e : p.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>All metrics, e.g. <c>Accuracy 0.8100, AUC 0.8800</c>.</summary>
    public static string Format(IReadOnlyDictionary<EvaluationMetric, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return string.Join(", ", metrics.OrderBy(m => m.Key).Select(m => $"{Name(m.Key)} {Value(m.Value)}"));
    }
}
