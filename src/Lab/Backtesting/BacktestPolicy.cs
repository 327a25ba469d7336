using System.Globalization;
using RetrainFunctions.Core.Policies;

namespace RetrainFunctions.Lab.Backtesting;

/// <summary>A policy to replay, from its command-line name: <c>once</c>, <c>periodic:N</c>, <c>labels:N</c>, <c>errors:ddm|ph|adwin[:W]</c>, <c>drift</c>, <c>drift:S</c>.</summary>
public sealed record BacktestPolicy(string Name, PolicySpec Spec)
{
    /// <summary>The policy names <see cref="Parse"/> accepts, for help texts.</summary>
    public const string Syntax = "once | periodic:N (every N batches) | labels:N (N new labeled rows) | errors:ddm|ph|adwin[:W] (change detector on production's errors; W: the longest wait in batches between retries the gate rejects, default 4, 1 retries every batch) | drift (the data-drift verdict on each new batch) | drift:S (the weighted share of drifted features >= S, 0 < S <= 1; the verdict, which also counts label drift, ignored)";

    /// <summary>Parses a policy name (case-insensitive); throws <see cref="FormatException"/> naming <see cref="Syntax"/> when unknown.</summary>
    public static BacktestPolicy Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var parts = text.Trim().ToLowerInvariant().Split(':', 2);
        var argument = parts.Length > 1 ? parts[1] : null;
        PolicySpec? spec = parts[0] switch
        {
            "once" when argument is null => new PolicySpec(),
            "periodic" when PositiveInt(argument) is { } n => new PolicySpec { EveryDecisions = n },
            "labels" when PositiveInt(argument) is { } n => new PolicySpec { MinNewLabels = n },
            "errors" when Errors(argument) is { } performance => new PolicySpec { Performance = performance },
            "drift" when argument is null => new PolicySpec { Drift = new DriftTriggerSpec() },
            "drift" when Share(argument) is { } share => new PolicySpec { Drift = new DriftTriggerSpec { ScoreThreshold = share, OnVerdict = false } },
            _ => null,
        };
        return spec is null
            ? throw new FormatException($"Unknown policy '{text}'; use {Syntax}.")
            : new BacktestPolicy(parts[0] + (argument is null ? string.Empty : "-" + argument.Replace(':', '-')), spec);
    }

    private static int? PositiveInt(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    private static double? Share(string? text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var share) && share > 0 && share <= 1 ? share : null;

    private static PerformanceTriggerSpec? Errors(string? text)
    {
        var parts = (text ?? string.Empty).Split(':', 2);
        var detector = Detector(parts[0]);
        var wait = parts.Length > 1 ? PositiveInt(parts[1]) : new PerformanceTriggerSpec().MaxRetryWaitDecisions;
        return detector is { } d && wait is { } w ? new PerformanceTriggerSpec { Detector = d, MaxRetryWaitDecisions = w } : null;
    }

    private static ChangeDetectorKind? Detector(string? text) => text switch
    {
        "ddm" => ChangeDetectorKind.Ddm,
        "ph" or "pagehinkley" => ChangeDetectorKind.PageHinkley,
        "adwin" => ChangeDetectorKind.Adwin,
        _ => null,
    };
}
