using System.Globalization;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tabular;

namespace RetrainFunctions.Lab.Streams;

/// <summary>
/// A synthetic but realistic stream of consumer-credit applications with a 90-day default label, one batch per
/// week. The world changes the way credit portfolios do:
/// <list type="bullet">
/// <item>gradual drift — incomes inflate about 0.4 % a week and card utilisation creeps up;</item>
/// <item>a seasonal pattern — defaults rise after the winter holidays and fall in spring, with weekly noise;</item>
/// <item>one abrupt change — at <see cref="ShockWeek"/> a rate shock makes debt-to-income far more predictive
/// and the new partner channel starts bringing riskier applicants.</item>
/// </list>
/// Deterministic for a given seed.
/// </summary>
public sealed class CreditStreamGenerator(int seed = 7)
{
    /// <summary>The week of the abrupt change.</summary>
    public const int ShockWeek = 9;

    /// <summary>The model name the demo uses.</summary>
    public const string ModelName = "credit-default";

    private static readonly string[] Regions = ["north", "south", "east", "west", "central"];
    private static readonly string[] Channels = ["branch", "online", "partner"];
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The columns of every batch, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["income", "debt_to_income", "utilization", "age", "late_payments", "tenure_months", "region", "channel", "defaulted", "applied_at"];

    /// <summary>The spec the demo registers: binary classification, AUC gate, a sliding window of recent rows.</summary>
    public static ModelSpec Spec() => new()
    {
        Name = ModelName,
        Task = ModelTask.BinaryClassification,
        Label = new LabelSpec("defaulted", "yes"),
        TimestampColumn = "applied_at",
        Features =
        [
            new("income", FeatureType.Numeric),
            new("debt_to_income", FeatureType.Numeric),
            new("utilization", FeatureType.Numeric),
            new("age", FeatureType.Numeric),
            new("late_payments", FeatureType.Numeric),
            new("tenure_months", FeatureType.Numeric),
            new("region", FeatureType.Categorical),
            new("channel", FeatureType.Categorical),
        ],
        Window = new WindowSpec { MaxRows = 3_000 },
        Validation = new ValidationSpec { MinTrainingRows = 500, MaxMissingFraction = 0.1 },
        // The demo shows the superiority gate on AUC (the documented week-by-week story); the library default is non-inferiority on log-loss.
        Gate = new GateSpec { HoldoutFraction = 0.25, MinHoldoutRows = 150 },
    };

    /// <summary>Writes week <paramref name="week"/>'s applications (with labels) as CSV.</summary>
    public void WriteWeek(int week, int rows, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var writer = new CsvWriter(destination, leaveOpen: true);
        writer.WriteRecord(Columns);
        WriteRows(writer, week, rows);
    }

    /// <summary>
    /// Writes weeks 0 to <paramref name="weeks"/> − 1 as one CSV (one header, the weeks in order, the rows of each week
    /// those <see cref="WriteWeek"/> writes): a labeled stream to backtest.
    /// </summary>
    public void WriteWeeks(int weeks, int rowsPerWeek, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var writer = new CsvWriter(destination, leaveOpen: true);
        writer.WriteRecord(Columns);
        for (var week = 0; week < weeks; week++)
        {
            WriteRows(writer, week, rowsPerWeek);
        }
    }

    private void WriteRows(CsvWriter writer, int week, int rows)
    {
        var random = new Random(unchecked((seed * 100_003) + week)); // not HashCode.Combine: it is randomized per process
        var weekStart = Start.AddDays(7 * week);
        for (var i = 0; i < rows; i++)
        {
            writer.WriteRecord(Row(random, week, weekStart.AddSeconds(random.Next(7 * 24 * 3600))));
        }
    }

    private static string[] Row(Random random, int week, DateTimeOffset appliedAt)
    {
        var shocked = week >= ShockWeek;
        var channel = Pick(random, Channels, shocked ? [0.35, 0.35, 0.30] : [0.5, 0.45, 0.05]);
        var region = Regions[random.Next(Regions.Length)];
        var inflation = Math.Pow(1.004, week);
        var income = Math.Exp(Normal(random, 10.8, 0.45)) * inflation;
        var debtToIncome = Math.Clamp(Normal(random, channel == "partner" ? 0.42 : 0.33, 0.12), 0.01, 1.2);
        var utilization = Math.Clamp(Beta(random, 2 + (0.03 * week), 3), 0, 1);
        var age = Math.Clamp(Normal(random, 41, 12), 18, 85);
        var latePayments = Poisson(random, channel == "partner" && shocked ? 1.1 : 0.5);
        var tenure = Math.Max(0, Normal(random, 48, 30));

        // Seasonality: a post-holiday bump in January-February, a dip in May-June.
        var dayOfYear = appliedAt.DayOfYear;
        var seasonal = 0.35 * Math.Cos(2 * Math.PI * (dayOfYear - 20) / 365.25);

        // The concept: debt-to-income matters much more after the rate shock; utilisation a bit more each week.
        var dtiWeight = shocked ? 6.5 : 2.0;
        var utilWeight = 1.5 + (0.05 * week);
        var logit = -2.2
            + (dtiWeight * (debtToIncome - 0.33))
            + (utilWeight * (utilization - 0.4))
            + (0.55 * latePayments)
            - (0.9 * (Math.Log(income / inflation) - 10.8))
            - (0.012 * (age - 41))
            - (0.006 * (tenure - 48))
            + (region == "south" ? 0.25 : 0)
            + (channel == "online" ? 0.15 : 0)
            + (channel == "partner" ? (shocked ? 0.9 : 0.2) : 0)
            + seasonal
            + Normal(random, 0, 0.3);
        var defaulted = random.NextDouble() < 1 / (1 + Math.Exp(-logit));

        return
        [
            Missing(random, 0.01) ? string.Empty : F(income, "0"),
            F(debtToIncome, "0.0000"),
            Missing(random, 0.02) ? string.Empty : F(utilization, "0.0000"),
            F(age, "0"),
            latePayments.ToString(CultureInfo.InvariantCulture),
            F(tenure, "0"),
            region,
            channel,
            defaulted ? "yes" : "no",
            appliedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ];
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static bool Missing(Random random, double probability) => random.NextDouble() < probability;

    private static string Pick(Random random, string[] values, double[] weights)
    {
        var u = random.NextDouble() * weights.Sum();
        for (var i = 0; i < values.Length; i++)
        {
            u -= weights[i];
            if (u <= 0)
            {
                return values[i];
            }
        }

        return values[^1];
    }

    private static double Normal(Random random, double mean, double sd)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return mean + (sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }

    private static double Beta(Random random, double a, double b)
    {
        var x = Gamma(random, a);
        return x / (x + Gamma(random, b));
    }

    private static double Gamma(Random random, double shape)
    {
        // Marsaglia–Tsang; shape >= 1 here.
        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            var x = Normal(random, 0, 1);
            var v = Math.Pow(1 + (c * x), 3);
            if (v > 0 && Math.Log(1 - random.NextDouble()) < (0.5 * x * x) + d - (d * v) + (d * Math.Log(v)))
            {
                return d * v;
            }
        }
    }

    private static int Poisson(Random random, double lambda)
    {
        var limit = Math.Exp(-lambda);
        var k = 0;
        var p = random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= random.NextDouble();
        }

        return k;
    }
}
