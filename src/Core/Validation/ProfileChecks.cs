using System.Globalization;
using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Validation;

/// <summary>
/// Checks a batch's profile against the spec's limits and the reference profile (the production model's training
/// data): out-of-range numerics, unseen categories and labels, constant columns, duplicate rows and label leakage.
/// Pure: no storage. Every finding is a warning except an unseen label when <c>validation.unseenLabelIsError</c>, and a
/// label value that differs from a trained class only in case (refused, never merged).
/// </summary>
public static class ProfileChecks
{
    /// <summary>Returns the findings for <paramref name="batch"/>; the reference-based ones only when <paramref name="reference"/> is given.</summary>
    public static IReadOnlyList<ValidationFinding> Check(DatasetProfile batch, DatasetProfile? reference, ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(spec);
        var limits = spec.Validation;
        var findings = new List<ValidationFinding>();
        foreach (var column in batch.Features)
        {
            var before = reference?.Feature(column.Name);
            if (column.IsConstant && before is not { IsConstant: true })
            {
                var value = column.Kind == ColumnKind.Numeric ? F(column.Min ?? 0) : column.TopCategories?.Keys.FirstOrDefault();
                findings.Add(new(FindingSeverity.Warning, ValidationCheck.ConstantColumn, column.Name,
                    $"Every value of '{column.Name}' in this batch is '{value}'; a constant feature carries no information (is the export filling a default?).", Observed: value));
            }

            if (before is null || before.Kind != column.Kind)
            {
                continue;
            }

            if (column.Kind == ColumnKind.Numeric)
            {
                CheckRange(column, before, limits, findings);
            }
            else
            {
                CheckCategories(column, before, limits, findings);
            }
        }

        if (batch.Rows > 0 && (double)batch.DuplicateRows / batch.Rows > limits.MaxDuplicateRowFraction)
        {
            var share = (double)batch.DuplicateRows / batch.Rows;
            findings.Add(new(FindingSeverity.Warning, ValidationCheck.DuplicateRows, null,
                $"{batch.DuplicateRows:N0} of {batch.Rows:N0} rows ({Pct(share)}) repeat an earlier row of the batch; the limit is {Pct(limits.MaxDuplicateRowFraction)} (validation.maxDuplicateRowFraction).",
                Observed: F(share), Limit: F(limits.MaxDuplicateRowFraction)));
        }

        if (reference is not null && spec.Task != ModelTask.Regression)
        {
            CheckLabels(batch.Label, reference.Label, limits, findings);
        }

        if (spec.Task != ModelTask.Regression)
        {
            CheckLeakage(batch, limits, findings);
        }

        return findings;
    }

    private static void CheckRange(ColumnProfile column, ColumnProfile before, ValidationSpec limits, List<ValidationFinding> findings)
    {
        if (before.Min is not { } min || before.Max is not { } max || column.Sample is not { Count: > 0 } sample)
        {
            return;
        }

        var margin = (max - min) * limits.RangeMargin;
        var (low, high) = (min - margin, max + margin);
        var outside = sample.Count(v => v < low || v > high);
        var share = (double)outside / sample.Count;
        if (share > limits.MaxOutOfRangeFraction)
        {
            var estimated = column.Count > sample.Count ? " (estimated from a sample)" : string.Empty;
            findings.Add(new(FindingSeverity.Warning, ValidationCheck.OutOfRange, column.Name,
                $"{Pct(share)} of '{column.Name}'{estimated} lies outside the reference range [{F(low)}, {F(high)}] (training min/max widened by {Pct(limits.RangeMargin)}); this batch spans [{F(column.Min ?? 0)}, {F(column.Max ?? 0)}]. Limit {Pct(limits.MaxOutOfRangeFraction)} (validation.maxOutOfRangeFraction).",
                Observed: F(share), Limit: F(limits.MaxOutOfRangeFraction)));
        }
    }

    private static void CheckCategories(ColumnProfile column, ColumnProfile before, ValidationSpec limits, List<ValidationFinding> findings)
    {
        if (before.OtherCount > 0 || before.TopCategories is null || column.TopCategories is null || column.Count == 0)
        {
            return; // The reference's category list is incomplete: an unlisted value may well have been seen.
        }

        var unseen = column.TopCategories.Where(p => !before.TopCategories.ContainsKey(p.Key)).ToList();
        var share = (double)(unseen.Sum(p => p.Value) + column.OtherCount) / column.Count;
        if (unseen.Count > 0 && share > limits.MaxUnseenCategoryFraction)
        {
            findings.Add(new(FindingSeverity.Warning, ValidationCheck.UnseenCategory, column.Name,
                $"{Pct(share)} of '{column.Name}' is in {unseen.Count} categor{(unseen.Count == 1 ? "y" : "ies")} the training data never had ({string.Join(", ", unseen.Take(5).Select(p => $"'{p.Key}'"))}); the model treats them as unknown. Limit {Pct(limits.MaxUnseenCategoryFraction)} (validation.maxUnseenCategoryFraction).",
                Observed: F(share), Limit: F(limits.MaxUnseenCategoryFraction)));
        }
    }

    private static void CheckLabels(ColumnProfile label, ColumnProfile before, ValidationSpec limits, List<ValidationFinding> findings)
    {
        if (label.TopCategories is null || before.TopCategories is null || before.OtherCount > 0)
        {
            return;
        }

        var unseen = label.TopCategories.Keys.Where(k => !before.TopCategories.ContainsKey(k)).ToList();
        var respelled = unseen
            .Select(k => (Value: k, Known: before.TopCategories.Keys.FirstOrDefault(b => string.Equals(b, k, StringComparison.OrdinalIgnoreCase))))
            .Where(p => p.Known is not null)
            .ToList();
        if (respelled.Count > 0)
        {
            // Refused, never folded: which spelling is meant is the export's to say (BatchInspection refuses the same within a batch).
            findings.Add(new(FindingSeverity.Error, ValidationCheck.Label, label.Name,
                $"Label '{label.Name}' has {string.Join(", ", respelled.Take(10).Select(p => $"'{p.Value}' where the training data had '{p.Known}'"))}; label values that differ only in case are refused, not merged. Use the training data's spelling in the export.",
                Observed: respelled.Count.ToString(CultureInfo.InvariantCulture), Limit: "0"));
            unseen = [.. unseen.Except(respelled.Select(p => p.Value), StringComparer.Ordinal)];
        }

        if (unseen.Count > 0)
        {
            findings.Add(new(limits.UnseenLabelIsError ? FindingSeverity.Error : FindingSeverity.Warning, ValidationCheck.UnseenLabel, label.Name,
                $"Label '{label.Name}' has class(es) the training data never had: {string.Join(", ", unseen.Take(10).Select(k => $"'{k}'"))} (validation.unseenLabelIsError makes this an error).",
                Observed: unseen.Count.ToString(CultureInfo.InvariantCulture), Limit: "0"));
        }
    }

    private static void CheckLeakage(DatasetProfile batch, ValidationSpec limits, List<ValidationFinding> findings)
    {
        if (batch.Label.TopCategories is not { Count: > 1 } classes || batch.Label.Count == 0)
        {
            return;
        }

        var baseline = (double)classes.Values.Max() / batch.Label.Count;
        foreach (var column in batch.Features.Where(c => c.LabelAgreement is not null))
        {
            var explained = (column.LabelAgreement!.Value - baseline) / (1 - baseline);
            if (explained >= limits.LeakageThreshold)
            {
                findings.Add(new(FindingSeverity.Warning, ValidationCheck.LabelLeakage, column.Name,
                    $"'{column.Name}' alone predicts the label for {Pct(column.LabelAgreement.Value)} of rows (the majority class alone: {Pct(baseline)}); is it computed from the outcome? Threshold {Pct(limits.LeakageThreshold)} of the label explained (validation.leakageThreshold).",
                    Observed: F(explained), Limit: F(limits.LeakageThreshold)));
            }
        }
    }

    private static string Pct(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
