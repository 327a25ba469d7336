using Microsoft.DurableTask;

namespace RetrainFunctions.Core.Collection;

/// <summary>Activity: assembles the accepted batches inside the window into a time-ordered, split training snapshot. Delegates to <see cref="DataCollector"/>.</summary>
public sealed class AssembleTrainingSnapshot(DataCollector collector) : TaskActivity<SnapshotRequest, SnapshotRef>
{
    /// <inheritdoc />
    public override Task<SnapshotRef> RunAsync(TaskActivityContext context, SnapshotRequest input) => collector.AssembleSnapshotAsync(input);
}
