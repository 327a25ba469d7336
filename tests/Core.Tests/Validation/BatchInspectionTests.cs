using System.Text;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tests.Specs;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Core.Tests.Validation;

public sealed class BatchInspectionTests
{
    private const string Header = "x1,x2,color,label,ts";

    private static readonly ModelSpec Spec = new ModelSpecBuilder().WithTimestamp("ts").Build();

    [Fact]
    public void Inspect_ValidBatch_AcceptsWithRowsAndTimeRange()
    {
        var result = Inspect($"{Header}\n1.5,2,red,yes,2026-01-01T00:00:00Z\n2.5,3,blue,no,2026-01-03T00:00:00Z\n");

        Assert.True(result.Accepted);
        Assert.Equal(2, result.Rows);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), result.FirstTimestamp);
        Assert.Equal(new DateTimeOffset(2026, 1, 3, 0, 0, 0, TimeSpan.Zero), result.LastTimestamp);
    }

    [Fact]
    public void Inspect_CrlfBomAndQuotedNewline_Accepts()
    {
        var result = Inspect($"\uFEFF{Header}\r\n1,2,\"dark\nred\",yes,2026-01-01\r\n3,4,\"a,b\",no,2026-01-02\r\n");

        Assert.True(result.Accepted, string.Join("; ", result.Findings.Select(f => f.Message)));
        Assert.Equal(2, result.Rows);
    }

    [Fact]
    public void Inspect_ExtraColumn_WarnsButAccepts()
    {
        var result = Inspect("x1,x2,color,label,ts,note\n1,2,red,yes,2026-01-01,hello\n");

        Assert.True(result.Accepted);
        var warning = Assert.Single(result.Findings);
        Assert.Equal((FindingSeverity.Warning, ValidationCheck.ExtraColumn, "note"), (warning.Severity, warning.Check, warning.Column));
    }

    public static TheoryData<string, string, ValidationCheck, string?, string> BadInputs() => new()
    {
        { "empty file", string.Empty, ValidationCheck.Format, null, "empty" },
        { "blank first line", "\n1,2,red,yes,2026-01-01\n", ValidationCheck.Format, null, "blank" },
        { "header only", Header + "\n", ValidationCheck.RowCount, null, "no data rows" },
        { "semicolon delimiter", "x1;x2;color;label;ts\n1;2;red;yes;2026-01-01\n", ValidationCheck.MissingColumn, "x1", "looks semicolon-delimited; save it comma-separated" },
        { "tab delimiter", "x1\tx2\tcolor\tlabel\tts\n1\t2\tred\tyes\t2026-01-01\n", ValidationCheck.MissingColumn, "x1", "looks tab-delimited; save it comma-separated" },
        { "missing label column", "x1,x2,color,ts\n1,2,red,2026-01-01\n", ValidationCheck.MissingColumn, "label", "'label'" },
        { "renamed column (case)", "X1,x2,color,label,ts\n1,2,red,yes,2026-01-01\n", ValidationCheck.MissingColumn, "x1", "case-sensitive" },
        { "duplicate column", "x1,x2,x2,color,label,ts\n1,2,2,red,yes,2026-01-01\n", ValidationCheck.DuplicateColumn, "x2", "more than once" },
        { "truncated last row", $"{Header}\n1,2,red,yes,2026-01-01\n3,4,bl", ValidationCheck.Format, null, "field(s) but the header has 5" },
        { "row with extra field", $"{Header}\n1,2,red,yes,2026-01-01,9\n", ValidationCheck.Format, null, "6 field(s)" },
        { "unterminated quote", $"{Header}\n1,2,\"red,yes,2026-01-01\n", ValidationCheck.Format, null, "never closed" },
        { "quote inside unquoted field", $"{Header}\n1,2,re\"d,yes,2026-01-01\n", ValidationCheck.Format, null, "inside an unquoted field" },
        { "text after closing quote", $"{Header}\n1,2,\"red\"x,yes,2026-01-01\n", ValidationCheck.Format, null, "after a closing quote" },
        { "binary content", "x1,x2\0\u0001\u0002", ValidationCheck.Format, null, "binary" },
        { "non-numeric value", $"{Header}\n1,abc,red,yes,2026-01-01\n", ValidationCheck.Type, "x2", "'abc'" },
        { "number beyond the float range", $"{Header}\n1,1e400,red,yes,2026-01-01\n", ValidationCheck.Type, "x2", "'1e400' on line 2, which is out of the float range" },
        { "finite double beyond the float range", $"{Header}\n1,2,red,yes,2026-01-01\n-1e39,2,red,no,2026-01-02\n", ValidationCheck.Type, "x1", "'-1e39' on line 3, which is out of the float range" },
        { "decimal comma", $"{Header}\n\"1,5\",2,red,yes,2026-01-01\n", ValidationCheck.Type, "x1", "'.' as decimal point" },
        { "infinite number", $"{Header}\n1e999,2,red,yes,2026-01-01\n", ValidationCheck.Type, "x1", "out of the float range" },
        { "too many missing values", $"{Header}\n,2,red,yes,2026-01-01\n,2,red,no,2026-01-01\n1,2,red,yes,2026-01-01\n", ValidationCheck.MissingValues, "x1", "66.7%" },
        { "missing label value", $"{Header}\n1,2,red,,2026-01-01\n1,2,red,yes,2026-01-01\n", ValidationCheck.Label, "label", "no label" },
        { "third label value", $"{Header}\n1,2,red,yes,2026-01-01\n1,2,red,no,2026-01-01\n1,2,red,maybe,2026-01-01\n", ValidationCheck.Label, "label", "3 distinct values" },
        { "label values differing only in case", $"{Header}\n1,2,red,yes,2026-01-01\n1,2,red,YES,2026-01-01\n1,2,red,no,2026-01-01\n", ValidationCheck.Label, "label", "'yes' and 'YES' differ only in case" },
        { "positive class in another case", $"{Header}\n1,2,red,YES,2026-01-01\n1,2,red,no,2026-01-01\n", ValidationCheck.Label, "label", "'YES' differs from the positive class 'yes' only in case" },
        { "positive class absent", $"{Header}\n1,2,red,up,2026-01-01\n1,2,red,down,2026-01-01\n", ValidationCheck.Label, "label", "positive class 'yes'" },
        { "bad timestamp", $"{Header}\n1,2,red,yes,yesterday\n", ValidationCheck.Timestamp, "ts", "'yesterday'" },
        { "missing timestamp", $"{Header}\n1,2,red,yes,\n", ValidationCheck.Timestamp, "ts", "missing" },
        { "huge single line", Header + "\n" + new string('1', 1_100_000), ValidationCheck.Format, null, "longer than" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Inspect_BadInput_RejectsWithSpecificFinding(string scenario, string csv, ValidationCheck check, string? column, string messagePart)
    {
        var result = Inspect(csv);

        Assert.False(result.Accepted, scenario);
        var error = result.Findings.First(f => f.Severity == FindingSeverity.Error);
        Assert.Equal(check, error.Check);
        Assert.Equal(column, error.Column);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_MulticlassLabelsDifferingOnlyInCase_RejectsNamingBoth()
    {
        var spec = new ModelSpecBuilder().WithTask(ModelTask.MulticlassClassification).Build();

        var result = BatchInspection.Inspect(Utf8("x1,x2,color,label\n1,2,red,up\n1,2,red,Up\n1,2,red,down\n"), spec);

        var error = Assert.Single(result.Findings, f => f.Severity == FindingSeverity.Error);
        Assert.Equal((ValidationCheck.Label, "label"), (error.Check, error.Column));
        Assert.Contains("'up' and 'Up' differ only in case", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_RegressionLabelBeyondFloatRange_SaysOutOfTheFloatRange()
    {
        var spec = new ModelSpecBuilder().WithTask(ModelTask.Regression).Build();

        var result = BatchInspection.Inspect(Utf8("x1,x2,color,label\n1,2,red,12.5\n1,2,red,1e400\n"), spec);

        var error = Assert.Single(result.Findings, f => f.Severity == FindingSeverity.Error);
        Assert.Contains("'1e400' on line 3, which is out of the float range", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not numbers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_Latin1Encoding_RejectsAsInvalidUtf8()
    {
        var bytes = Encoding.Latin1.GetBytes($"{Header}\n1,2,rouge clair \u00e9t\u00e9,yes,2026-01-01\n");

        var result = BatchInspection.Inspect(new MemoryStream(bytes), Spec);

        var error = Assert.Single(result.Findings);
        Assert.Equal(ValidationCheck.Format, error.Check);
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_Utf16File_RejectsAsNotUtf8Text()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes($"{Header}\n1,2,red,yes,2026-01-01\n")).ToArray();

        var result = BatchInspection.Inspect(new MemoryStream(bytes), Spec);

        Assert.False(result.Accepted);
        Assert.Equal(ValidationCheck.Format, result.Findings[0].Check);
    }

    [Fact]
    public void Inspect_RegressionLabelNotNumeric_RejectsLabel()
    {
        var spec = new ModelSpecBuilder().WithTask(ModelTask.Regression).Build();

        var result = BatchInspection.Inspect(Utf8("x1,x2,color,label\n1,2,red,12.5\n1,2,red,high\n"), spec);

        var error = Assert.Single(result.Findings, f => f.Severity == FindingSeverity.Error);
        Assert.Equal(ValidationCheck.Label, error.Check);
        Assert.Contains("'high'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_FewerRowsThanMinimum_RejectsRowCount()
    {
        var spec = new ModelSpecBuilder().WithValidation(new ValidationSpec { MinBatchRows = 3 }).Build();

        var result = BatchInspection.Inspect(Utf8("x1,x2,color,label\n1,2,red,yes\n"), spec);

        var error = Assert.Single(result.Findings, f => f.Severity == FindingSeverity.Error);
        Assert.Equal((ValidationCheck.RowCount, "1", "3"), (error.Check, error.Observed, error.Limit));
    }

    [Fact]
    public void Inspect_MissingValuesUnderLimit_WarnsAndAccepts()
    {
        var rows = string.Concat(Enumerable.Range(0, 9).Select(i => $"{i},2,red,yes,2026-01-01\n"));

        var result = Inspect($"{Header}\n{rows},2,red,no,2026-01-01\n");

        Assert.True(result.Accepted);
        var warning = Assert.Single(result.Findings);
        Assert.Equal((ValidationCheck.MissingValues, "x1", "0.1"), (warning.Check, warning.Column, warning.Observed));
    }

    private static BatchInspection.Result Inspect(string csv) => BatchInspection.Inspect(Utf8(csv), Spec);

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));
}
