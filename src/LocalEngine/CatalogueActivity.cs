using Microsoft.DurableTask;
using RetrainFunctions.Core.Orchestration;

namespace RetrainFunctions.LocalEngine;

/// <summary>An activity of <see cref="RetrainActivities"/> run by the in-process engine, its service resolved from the worker's services.</summary>
internal sealed class CatalogueActivity(IRetrainActivity activity, IServiceProvider services) : ITaskActivity
{
    public Type InputType => activity.InputType;

    public Type OutputType => activity.OutputType;

    public Task<object?> RunAsync(TaskActivityContext context, object? input) => activity.RunAsync(services, input, CancellationToken.None);
}
