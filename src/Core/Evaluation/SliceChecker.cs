using System.Globalization;
using System.Text;
using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// Searches the holdout for slices where the challenger is significantly worse than the champion.
/// </summary>
/// <remarks>
/// <para>Slices are found automatically: each value of a categorical feature, and each of <see cref="GateSpec.SliceBins"/>
/// quantile bins of a numeric feature (edges at the k/bins quantiles of its non-missing holdout values; a bin is
/// <c>[low, high)</c>, the last one closed). Only slices with at least <see cref="GateSpec.SliceMinRows"/> rows are compared.</para>
/// <para>On each slice, rows are paired: classification counts the rows only the champion gets right (worse) and only
/// the challenger gets right (better); regression counts rows where the challenger's absolute error is larger or smaller
/// (ties dropped). Recent rows are autocorrelated (a weekend is two days of neighbouring rows that one model gets wrong
/// together), so the test counts contiguous time blocks of <c>blockRows</c> rows, as the gate's bootstrap does: within
/// a slice, a block votes "worse" when its rows there are more often worse than better, "better" for the converse. The
/// one-sided exact sign test gives P(X ≥ worse blocks), X ~ Binomial(worse + better blocks, ½) — with blocks of one row,
/// the per-row sign test; the p-values of all slices are Holm-adjusted (family-wise error rate
/// <see cref="GateSpec.SliceAlpha"/>), and a slice regresses when its adjusted p-value is below the alpha.</para>
/// </remarks>
public static class SliceChecker
{
    /// <summary>The characters <see cref="string.Trim()"/> removes that are ASCII.</summary>
    private static readonly byte[] AsciiWhiteSpace = [(byte)' ', (byte)'\t', (byte)'\n', (byte)'\v', (byte)'\f', (byte)'\r'];

    /// <summary>The correction, as written into reports.</summary>
    public static string Correction(GateSpec gate, int blockRows = 1)
    {
        ArgumentNullException.ThrowIfNull(gate);
        var unit = blockRows == 1 ? "rows" : $"contiguous blocks of {blockRows} rows, each voting by its net count";
        return string.Create(CultureInfo.InvariantCulture,
            $"one-sided exact sign test per slice over {unit} (classification: rows only one model gets right; regression: larger absolute error), Holm-adjusted across all slices, family-wise alpha {gate.SliceAlpha}; slices: each categorical value and {gate.SliceBins} quantile bins per numeric feature, at least {gate.SliceMinRows} rows");
    }

    /// <summary>Compares the two models on every slice of the holdout CSV at <paramref name="holdoutCsvPath"/> (rows in the order of the predictions).</summary>
    public static IReadOnlyList<SliceComparison> Compare(
        ModelSpec spec,
        string holdoutCsvPath,
        HoldoutPredictions challenger,
        HoldoutPredictions champion,
        int blockRows = 1)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(holdoutCsvPath);
        return Compare(spec, () => ReadColumns(spec, holdoutCsvPath), challenger, champion, blockRows);
    }

    /// <summary>
    /// Compares the two models on every slice of a typed holdout (<see cref="ColumnBlock"/>s naming the spec's features,
    /// rows in the order of the predictions), with the slices the same holdout written as CSV would give: numbers enter as
    /// their CSV text would parse (<see cref="Utf8Number.FromSingle(float)"/>).
    /// </summary>
    public static IReadOnlyList<SliceComparison> Compare(
        ModelSpec spec,
        IEnumerable<ColumnBlock> holdout,
        HoldoutPredictions challenger,
        HoldoutPredictions champion,
        int blockRows = 1)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(holdout);
        return Compare(spec, () => ReadColumns(spec, holdout), challenger, champion, blockRows);
    }

    private static IReadOnlyList<SliceComparison> Compare(
        ModelSpec spec,
        Func<(FeatureColumn[] Columns, int Rows)> read,
        HoldoutPredictions challenger,
        HoldoutPredictions champion,
        int blockRows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockRows, 1);
        ArgumentNullException.ThrowIfNull(challenger);
        ArgumentNullException.ThrowIfNull(champion);

        var gate = spec.Gate;
        var outcome = RowOutcomes(challenger, champion);
        var (columns, rows) = read();
        if (columns.Length > 0 && rows != outcome.Length)
        {
            throw new InvalidDataException($"The holdout file has {rows} rows but the models predicted {outcome.Length}; slices cannot be paired.");
        }

        // Each feature's slices are found on their own (a sort per numeric feature is most of the work), in feature order.
        var perColumn = new List<Slice>[columns.Length];
        Parallel.For(0, columns.Length, c =>
        {
            var (column, found) = (columns[c], new List<Slice>());
            if (column.Codes is { } codes)
            {
                AddCategoricalSlices(found, column, codes, outcome, blockRows);
            }
            else
            {
                AddNumericSlices(found, column, column.Numbers!, rows, outcome, gate.SliceBins, blockRows);
            }

            perColumn[c] = found;
        });
        var slices = perColumn.SelectMany(found => found).ToList();

        var eligible = new List<(Slice Slice, double P)>();
        foreach (var slice in slices)
        {
            if (slice.Rows >= gate.SliceMinRows)
            {
                eligible.Add((slice, PairedStatistics.SignTestWorse(slice.WorseBlocks, slice.BetterBlocks)));
            }
        }

        var pValues = new double[eligible.Count];
        for (var i = 0; i < pValues.Length; i++)
        {
            pValues[i] = eligible[i].P;
        }

        var adjusted = PairedStatistics.Holm(pValues);
        var comparisons = new SliceComparison[eligible.Count];
        for (var i = 0; i < comparisons.Length; i++)
        {
            var (slice, p) = eligible[i];
            comparisons[i] = new SliceComparison(slice.Feature, slice.Name, slice.Rows, slice.Worse, slice.Better, p, adjusted[i], adjusted[i] < gate.SliceAlpha && slice.WorseBlocks > slice.BetterBlocks,
                blockRows, slice.WorseBlocks, slice.BetterBlocks);
        }

        return comparisons;
    }

    /// <summary>Per row: −1 when the challenger is worse, +1 when better, 0 when tied.</summary>
    private static sbyte[] RowOutcomes(HoldoutPredictions challenger, HoldoutPredictions champion)
    {
        if (challenger.Count != champion.Count)
        {
            throw new ArgumentException($"Paired slices need the same rows for both models; got {challenger.Count} and {champion.Count}.");
        }

        var outcome = new sbyte[challenger.Count];
        if (challenger.Task == ModelTask.Regression)
        {
            var (labels, scores, championLabels, championScores) = (challenger.Labels, challenger.Scores, champion.Labels, champion.Scores);
            for (var i = 0; i < outcome.Length; i++)
            {
                var mine = Math.Abs(labels[i] - scores[i]);
                var theirs = Math.Abs(championLabels[i] - championScores[i]);
                outcome[i] = (sbyte)(mine > theirs ? -1 : mine < theirs ? 1 : 0);
            }
        }
        else
        {
            var (mine, theirs) = (challenger.Correct, champion.Correct);
            for (var i = 0; i < outcome.Length; i++)
            {
                outcome[i] = (sbyte)(mine[i] == theirs[i] ? 0 : mine[i] ? 1 : -1);
            }
        }

        return outcome;
    }

    /// <summary>
    /// Reads the spec's features in one pass: a categorical as a code per row (−1 when empty) and its values, a numeric
    /// as a double per row (NaN when missing or not a finite number). Values are trimmed as <see cref="string.Trim()"/> does.
    /// </summary>
    private static (FeatureColumn[] Columns, int Rows) ReadColumns(ModelSpec spec, string path)
    {
        using var scanner = new Utf8RecordScanner(File.OpenRead(path));
        var header = scanner.ReadHeader();
        var columns = new FeatureColumn[spec.Features.Count];
        var missing = new List<string>();
        for (var f = 0; f < columns.Length; f++)
        {
            var feature = spec.Features[f];
            var index = Array.FindIndex(header, h => string.Equals(h, feature.Name, StringComparison.Ordinal));
            if (index < 0)
            {
                missing.Add(feature.Name);
            }

            columns[f] = new FeatureColumn(feature.Name, index, feature.Type == FeatureType.Categorical);
        }

        if (missing.Count > 0)
        {
            throw new InvalidDataException($"The holdout file has no column(s) {string.Join(", ", missing)}.");
        }

        var chars = new char[256];
        var rows = 0;
        while (scanner.Next())
        {
            foreach (var column in columns)
            {
                var field = column.Index < scanner.FieldCount ? scanner.Field(column.Index) : [];
                if (column.Codes is not null)
                {
                    if (chars.Length < Encoding.UTF8.GetMaxCharCount(field.Length))
                    {
                        chars = new char[Encoding.UTF8.GetMaxCharCount(field.Length)];
                    }

                    var text = chars.AsSpan(0, Encoding.UTF8.GetChars(field, chars)).Trim();
                    column.AddCode(text);
                }
                else
                {
                    column.AddNumber(ParseNumber(field, ref chars));
                }
            }

            rows++;
        }

        return (columns, rows);
    }

    /// <summary>Reads the spec's features from typed blocks as <see cref="ReadColumns(ModelSpec, string)"/> reads them from CSV.</summary>
    private static (FeatureColumn[] Columns, int Rows) ReadColumns(ModelSpec spec, IEnumerable<ColumnBlock> blocks)
    {
        var columns = spec.Features.Select(f => new FeatureColumn(f.Name, -1, f.Type == FeatureType.Categorical)).ToArray();
        var rows = 0;
        foreach (var block in blocks)
        {
            if (rows == 0)
            {
                for (var f = 0; f < columns.Length; f++)
                {
                    var index = block.Names.ToList().IndexOf(columns[f].Name);
                    columns[f] = index < 0 || (block.Numbers[index] is null) != (columns[f].Codes is not null)
                        ? throw new InvalidDataException($"The holdout has no {(columns[f].Codes is null ? "numeric" : "text")} column '{columns[f].Name}'.")
                        : new FeatureColumn(columns[f].Name, index, columns[f].Codes is not null);
                }
            }

            // Columns fill apart, each in row order.
            Parallel.ForEach(columns, column =>
            {
                var digits = -1;
                for (var r = 0; r < block.Count; r++)
                {
                    if (column.Codes is not null)
                    {
                        column.AddCode(block.Texts[column.Index]![r].Span.Trim());
                    }
                    else
                    {
                        var number = block.Numbers[column.Index]![r];
                        column.AddNumber(float.IsFinite(number) ? Utf8Number.FromSingle(number, ref digits) : double.NaN);
                    }
                }
            });

            rows += block.Count;
        }

        return (columns, rows);
    }

    /// <summary>The field as a finite number, or NaN: the same value as <c>double.TryParse</c> of the trimmed text (invariant culture).</summary>
    private static double ParseNumber(ReadOnlySpan<byte> field, ref char[] chars)
    {
        if (Ascii.IsValid(field))
        {
            var trimmed = field.Trim(AsciiWhiteSpace);
            return Utf8Number.TryParseFinite(trimmed, out var value) ? value : double.NaN;
        }

        if (chars.Length < Encoding.UTF8.GetMaxCharCount(field.Length))
        {
            chars = new char[Encoding.UTF8.GetMaxCharCount(field.Length)];
        }

        var text = chars.AsSpan(0, Encoding.UTF8.GetChars(field, chars)).Trim();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) ? parsed : double.NaN;
    }

    /// <summary>One slice per non-empty value, in ordinal order of the values.</summary>
    private static void AddCategoricalSlices(List<Slice> slices, FeatureColumn column, List<int> codes, sbyte[] outcome, int blockRows)
    {
        var values = column.Values;
        var tally = new SliceTally(values.Count, outcome.Length, blockRows);
        for (var row = 0; row < codes.Count; row++)
        {
            if (codes[row] is var code and >= 0)
            {
                tally.Add(code, row, outcome[row]);
            }
        }

        var order = new int[values.Count];
        for (var c = 0; c < order.Length; c++)
        {
            order[c] = c;
        }

        Array.Sort(order, (a, b) => string.CompareOrdinal(values[a], values[b]));
        foreach (var c in order)
        {
            slices.Add(tally.Slice(c, column.Name, $"= {values[c]}"));
        }
    }

    /// <summary>
    /// Up to <paramref name="bins"/> slices with edges at the k/bins quantiles (order statistic ⌊k·(m − 1)/bins⌋ of the m
    /// finite values, duplicates dropped); a bin is [low, high), the last one closed.
    /// </summary>
    private static void AddNumericSlices(List<Slice> slices, FeatureColumn column, List<double> values, int rows, sbyte[] outcome, int bins, int blockRows)
    {
        var (m, negatives) = (0, 0);
        foreach (var value in values)
        {
            m += double.IsNaN(value) ? 0 : 1;
            negatives += value < 0 ? 1 : 0;
        }

        if (m == 0)
        {
            return;
        }

        // The bins + 1 order statistics by selection (MathNet's quickselect, O(m) each) rather than a full sort: the
        // sort of every numeric column was 1.5 CPU-seconds of the 1,000,000-row bench's Evaluate stage (200,000 rows,
        // 20 columns); the values, and so the edges, are the same.
        var finite = new double[m];
        m = 0;
        foreach (var value in values)
        {
            if (!double.IsNaN(value))
            {
                finite[m++] = value;
            }
        }

        var edges = new List<double>(bins + 1);
        for (var k = 0; k <= bins; k++)
        {
            var edge = OrderStatistic(finite, values, negatives, Math.Min(m - 1, (int)Math.Floor(k * (m - 1) / (double)bins)));
            if (!edges.Contains(edge))
            {
                edges.Add(edge);
            }
        }

        var binCount = edges.Count - 1;
        if (binCount < 1)
        {
            return;
        }

        var tally = new SliceTally(binCount, outcome.Length, blockRows);
        for (var row = 0; row < rows; row++)
        {
            var value = values[row];
            if (double.IsNaN(value))
            {
                continue;
            }

            // The last bin whose low edge is at most the value; the maximum itself belongs to the last (closed) bin.
            var bin = binCount - 1;
            while (bin > 0 && value < edges[bin])
            {
                bin--;
            }

            tally.Add(bin, row, outcome[row]);
        }

        for (var b = 0; b < binCount; b++)
        {
            var close = b + 1 == binCount ? "]" : ")";
            slices.Add(tally.Slice(b, column.Name, string.Create(CultureInfo.InvariantCulture, $"in [{edges[b]:G6}, {edges[b + 1]:G6}{close}")));
        }
    }

    /// <summary>
    /// The value at <paramref name="position"/> of the finite values in a stable ascending sort: equal doubles are
    /// identical except 0 and −0, so a zero is taken from the values in row order (as a stable sort would place them),
    /// after the <paramref name="negatives"/> values below zero. <paramref name="finite"/> is reordered.
    /// </summary>
    private static double OrderStatistic(double[] finite, List<double> values, int negatives, int position)
    {
        var selected = MathNet.Numerics.Statistics.ArrayStatistics.OrderStatisticInplace(finite, position + 1);
        if (selected != 0)
        {
            return selected;
        }

        var skip = position - negatives;
        foreach (var value in values)
        {
            if (value == 0 && skip-- == 0)
            {
                return value;
            }
        }

        return selected;
    }

    /// <summary>One slice's paired counts.</summary>
    private sealed record Slice(string Feature, string Name, int Rows, int Worse, int Better, int WorseBlocks, int BetterBlocks);

    /// <summary>Per slice: rows, worse and better rows, and the net outcome of each time block of <c>blockRows</c> rows.</summary>
    private sealed class SliceTally(int slices, int rows, int blockRows)
    {
        private readonly int[] _rows = new int[slices];
        private readonly int[] _worse = new int[slices];
        private readonly int[] _better = new int[slices];
        private readonly int _blocks = Blocks(rows, blockRows);
        private readonly int[] _net = new int[slices * Blocks(rows, blockRows)];

        public void Add(int slice, int row, sbyte outcome)
        {
            _rows[slice]++;
            _worse[slice] += outcome < 0 ? 1 : 0;
            _better[slice] += outcome > 0 ? 1 : 0;
            _net[(slice * _blocks) + (row / blockRows)] += outcome;
        }

        public Slice Slice(int slice, string feature, string name)
        {
            var (worse, better) = (0, 0);
            foreach (var net in _net.AsSpan(slice * _blocks, _blocks))
            {
                worse += net < 0 ? 1 : 0;
                better += net > 0 ? 1 : 0;
            }

            return new Slice(feature, name, _rows[slice], _worse[slice], _better[slice], worse, better);
        }

        private static int Blocks(int rows, int blockRows) => Math.Max(1, (rows + blockRows - 1) / blockRows);
    }

    /// <summary>One feature of the holdout, read as codes (categorical) or numbers.</summary>
    private sealed class FeatureColumn
    {
        private readonly Dictionary<string, int>? _index;

        public FeatureColumn(string name, int index, bool categorical)
        {
            Name = name;
            Index = index;
            if (categorical)
            {
                _index = new Dictionary<string, int>(StringComparer.Ordinal);
                Codes = [];
            }
            else
            {
                Numbers = [];
            }
        }

        public string Name { get; }

        public int Index { get; }

        /// <summary>Gets the code of each row's value (categorical; −1 when empty), or null.</summary>
        public List<int>? Codes { get; }

        /// <summary>Gets each row's value (numeric; NaN when missing), or null.</summary>
        public List<double>? Numbers { get; }

        /// <summary>Gets the distinct non-empty values, by code.</summary>
        public List<string> Values { get; } = [];

        public void AddCode(ReadOnlySpan<char> value)
        {
            if (value.IsEmpty)
            {
                Codes!.Add(-1);
                return;
            }

            var lookup = _index!.GetAlternateLookup<ReadOnlySpan<char>>();
            if (!lookup.TryGetValue(value, out var code))
            {
                code = Values.Count;
                var text = value.ToString();
                _index[text] = code;
                Values.Add(text);
            }

            Codes!.Add(code);
        }

        public void AddNumber(double value) => Numbers!.Add(value);
    }
}
