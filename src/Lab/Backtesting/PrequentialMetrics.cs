namespace RetrainFunctions.Lab.Backtesting;

/// <summary>
/// Prequential metrics over scored rows. Classification (labels 1 = positive, 0 = negative): accuracy, F1 of the
/// positive class, Cohen's κ = (p₀ − pₑ)/(1 − pₑ) and κ-temporal = (p₀ − p_nc)/(1 − p_nc), where p_nc is the accuracy of
/// the no-change classifier that predicts each row's label as the previous row's (Žliobaitė et al. 2015).
/// Regression: MAE, RMSE, R² = 1 − SS_res / SS_tot about the mean of the scored labels.
/// </summary>
public static class PrequentialMetrics
{
    /// <summary>Computes the classification metrics; <paramref name="previous"/> holds each row's previous label in the stream.</summary>
    public static IReadOnlyDictionary<string, double> Classification(IReadOnlyList<double> actual, IReadOnlyList<double> predicted, IReadOnlyList<double> previous)
    {
        var n = actual.Count;
        if (n == 0 || predicted.Count != n || previous.Count != n)
        {
            throw new ArgumentException("Actual, predicted and previous labels must be non-empty and of equal length.", nameof(actual));
        }

        double tp = 0, fp = 0, fn = 0, tn = 0, noChange = 0;
        for (var i = 0; i < n; i++)
        {
            var (a, p) = (actual[i] > 0.5, predicted[i] > 0.5);
            tp += a && p ? 1 : 0;
            fp += !a && p ? 1 : 0;
            fn += a && !p ? 1 : 0;
            tn += !a && !p ? 1 : 0;
            noChange += (previous[i] > 0.5) == a ? 1 : 0;
        }

        var accuracy = (tp + tn) / n;
        var expected = (((tp + fn) / n) * ((tp + fp) / n)) + (((tn + fp) / n) * ((tn + fn) / n));
        var noChangeAccuracy = noChange / n;
        return new Dictionary<string, double>
        {
            ["accuracy"] = accuracy,
            ["f1"] = tp == 0 ? 0 : 2 * tp / ((2 * tp) + fp + fn),
            ["kappa"] = expected >= 1 ? 0 : (accuracy - expected) / (1 - expected),
            ["kappaTemporal"] = noChangeAccuracy >= 1 ? 0 : (accuracy - noChangeAccuracy) / (1 - noChangeAccuracy),
        };
    }

    /// <summary>Computes MAE, RMSE and R².</summary>
    public static IReadOnlyDictionary<string, double> Regression(IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        var n = actual.Count;
        if (n == 0 || predicted.Count != n)
        {
            throw new ArgumentException("Actual and predicted values must be non-empty and of equal length.", nameof(actual));
        }

        var mean = actual.Average();
        double absolute = 0, squared = 0, total = 0;
        for (var i = 0; i < n; i++)
        {
            var e = actual[i] - predicted[i];
            absolute += Math.Abs(e);
            squared += e * e;
            total += (actual[i] - mean) * (actual[i] - mean);
        }

        return new Dictionary<string, double>
        {
            ["mae"] = absolute / n,
            ["rmse"] = Math.Sqrt(squared / n),
            ["r2"] = total == 0 ? 0 : 1 - (squared / total),
        };
    }
}
