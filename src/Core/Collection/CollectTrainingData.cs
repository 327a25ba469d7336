using Microsoft.DurableTask;

namespace RetrainFunctions.Core.Collection;

/// <summary>Activity: turns new files under <c>incoming/{model}/</c> into content-addressed pending batches. Delegates to <see cref="DataCollector"/>.</summary>
public sealed class CollectTrainingData(DataCollector collector) : TaskActivity<CollectRequest, CollectResult>
{
    /// <inheritdoc />
    public override Task<CollectResult> RunAsync(TaskActivityContext context, CollectRequest input) => collector.CollectAsync(input);
}
