using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tests.Orchestration;

namespace RetrainFunctions.Core.Tests.Collection;

/// <summary>Which accepted batches a snapshot must read: only those that can hold a row of its window.</summary>
public sealed class SnapshotOrderTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void FirstBatchInWindow_DisjointWeeksAndARowWindow_SkipsTheWeeksWhollyOlderThanTheWindow()
    {
        // Four weeks of 100 rows; a 150-row window takes the newest week and half of the one before.
        var weeks = Enumerable.Range(0, 4).Select(w => Week(w, 100)).ToList();

        Assert.Equal(2, SnapshotOrder.FirstBatchInWindow(weeks, Spec(maxRows: 150)));
        Assert.Equal(3, SnapshotOrder.FirstBatchInWindow(weeks, Spec(maxRows: 100)));
        Assert.Equal(0, SnapshotOrder.FirstBatchInWindow(weeks, Spec(maxRows: 400)));
        Assert.Equal(0, SnapshotOrder.FirstBatchInWindow(weeks, Spec(maxRows: 0)));
    }

    [Fact]
    public void FirstBatchInWindow_WhenItCannotBeTold_ReadsEveryBatch()
    {
        var weeks = Enumerable.Range(0, 4).Select(w => Week(w, 100)).ToList();

        // An age window keeps rows by time, not by count.
        Assert.Equal(0, SnapshotOrder.FirstBatchInWindow(weeks, Spec(maxRows: 100) with { Window = new WindowSpec { MaxRows = 100, MaxAgeDays = 30 } }));

        // Week 2 reaches into week 3's time: its rows may be newer than some of week 3's, so nothing is skipped.
        var overlapping = weeks.Select((w, i) => i == 2 ? w with { LastTimestamp = Day0.AddDays(23) } : w).ToList();
        Assert.Equal(0, SnapshotOrder.FirstBatchInWindow(overlapping, Spec(maxRows: 100)));

        // A manifest written without timestamps.
        var unknown = weeks.Select((w, i) => i == 0 ? w with { FirstTimestamp = null, LastTimestamp = null } : w).ToList();
        Assert.Equal(0, SnapshotOrder.FirstBatchInWindow(unknown, Spec(maxRows: 100)));
    }

    [Fact]
    public void FirstBatchInWindow_NoTimestampColumn_UsesBatchOrder()
    {
        var batches = Enumerable.Range(0, 4).Select(w => Week(w, 100) with { FirstTimestamp = null, LastTimestamp = null }).ToList();

        Assert.Equal(2, SnapshotOrder.FirstBatchInWindow(batches, Spec(maxRows: 200) with { TimestampColumn = null }));
    }

    private static BatchManifest Week(int week, int rows) =>
        new($"batch-{week}", $"week-{week}.csv", rows, Day0.AddDays((7 * week) + 7), "run", Day0.AddDays(7 * week), Day0.AddDays((7 * week) + 6));

    private static ModelSpec Spec(int maxRows) => PipelineHarness.Spec() with { TimestampColumn = "ts", Window = new WindowSpec { MaxRows = maxRows } };
}
