using System.Text;
using System.Text.Json;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tests.Specs;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Core.Tests.Validation;

/// <summary>
/// A seekable batch is inspected by the UTF-8 scanner and falls back to the strict reader on the first record that is
/// not plain; a non-seekable one always goes to the strict reader. Both must report exactly the same.
/// </summary>
public sealed class BatchInspectionPathsTests
{
    private const string Header = "x1,x2,color,label,ts";

    private static readonly ModelSpec Spec = new ModelSpecBuilder().WithTimestamp("ts")
        .WithValidation(new ValidationSpec { MinBatchRows = 1, MaxUnparseableFraction = 0.01 }).Build();

    public static TheoryData<string, string> Batches => new()
    {
        { "missing, unparseable, blank lines", $"{Header}\n1.5,,red,yes,2026-01-01T00:00:00Z\n\nabc,2,NA,no,2026-01-03\n 7 ,x,blue, yes ,1767225600\n" },
        { "ragged rows and a whitespace line", $"{Header}\n1,2,red,yes,2026-01-01\n1,2,red\n \n1,2,red,no,2026-01-02,extra\n1,2,red,yes,2026-01-01\n1,2\n" },
        { "bad timestamp and three label values", $"{Header}\r\n1,2,red,yes,yesterday\r\n1,2,red,no,2026-01-02\r\n1,2,red,maybe,2026-01-02\r\n" },
        { "quoted record after plain rows", $"{Header}\n1,2,red,yes,2026-01-01\noops,2,\"dark\nred\",no,2026-01-02\n1,x,red,no,2026-01-03\n" },
        { "lone carriage return", $"{Header}\n1,2,red,yes,2026-01-01\n1,2,r\red,no,2026-01-02\n" },
        { "blank first line", $"\n{Header}\n1,2,red,yes,2026-01-01\n" },
        { "BOM and no final newline", $"\uFEFF{Header}\n1,2,red,yes,2026-01-01" },
        { "missing column", "x1,color,label,ts\n1,red,yes,2026-01-01\n" },
        {
            "fields near the undecoded fast path",
            $"{Header}\n5.,.5,reddish,yes,2026-01-01\n+1,-0,  reddish,no,2026-01-01\n1e5,1e39,NULL,yes,2026-01-01\n 7,\u00A07,nan,no,2026-01-01\n"
                + "1234567890123456,123456789012345,?,yes,2026-01-01\n-,+,null  ,no,2026-01-01\n1.2.3,0x10,\u00A0long\u00A0,yes,2026-01-01\n"
                + "7 ,.,redder ,no,2026-01-01\n-.5,1.,\u00E9t\u00E9s,yes,2026-01-01\n"
        },
    };

    [Theory]
    [MemberData(nameof(Batches))]
    public void Inspect_SeekableAndForwardOnly_SameResult(string name, string csv)
    {
        var bytes = Encoding.UTF8.GetBytes(csv);

        var scanned = BatchInspection.Inspect(new MemoryStream(bytes), Spec);
        var strict = BatchInspection.Inspect(new ForwardOnlyStream(bytes), Spec);

        Assert.True(Json(strict) == Json(scanned), $"{name}: {Json(strict)} vs {Json(scanned)}");
    }

    [Fact]
    public void Inspect_PlainBatch_ReportsLinesCountingBlankLines()
    {
        var csv = $"{Header}\n1,2,red,yes,2026-01-01\n\n\nabc,2,red,no,2026-01-02\n1,2\n";

        var result = BatchInspection.Inspect(new MemoryStream(Encoding.UTF8.GetBytes(csv)), Spec);

        Assert.Equal(5, result.Findings.Single(f => f.Check == ValidationCheck.Type).Line);
        Assert.Equal(6, result.Findings.Single(f => f.Check == ValidationCheck.Format).Line);
    }

    [Fact]
    public void Inspect_PlainBatch_ReadOnceWithoutRewinding()
    {
        var csv = $"{Header}\n1.5,,red,yes,2026-01-01\nabc,2,NA,no,2026-01-03\n1,2\n";

        var result = BatchInspection.Inspect(new NoRewindStream(Encoding.UTF8.GetBytes(csv)), Spec);

        Assert.Equal(2, result.Rows);
    }

    private static string Json(BatchInspection.Result result) => JsonSerializer.Serialize(result);

    /// <summary>A seekable stream that fails when rewound: the strict reader's second pass would.</summary>
    private sealed class NoRewindStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override long Position
        {
            get => base.Position;
            set => throw new InvalidOperationException("rewound");
        }
    }

    /// <summary>A stream that cannot seek, so inspection takes the strict reader.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
