using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace RetrainFunctions.Core.Orchestration;

/// <summary>
/// An activity declared once: its name, input and output, retry policy, and the call on a Core service that does its
/// work. The orchestrator calls it with <see cref="CallAsync"/>; a host runs it with <see cref="RunAsync(TService, TInput, CancellationToken)"/>.
/// </summary>
/// <typeparam name="TService">The Core service that does the work.</typeparam>
/// <typeparam name="TInput">The input record.</typeparam>
/// <typeparam name="TOutput">The output record.</typeparam>
/// <param name="name">The name (one of <see cref="RetrainActivityNames"/>).</param>
/// <param name="options">The options (retry policy) the orchestrator calls it with.</param>
/// <param name="run">The work: the service's method, given the input and the cancellation token.</param>
public sealed class RetrainActivity<TService, TInput, TOutput>(string name, TaskOptions options, Func<TService, TInput, CancellationToken, Task<TOutput>> run) : IRetrainActivity
    where TService : notnull
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public Type InputType => typeof(TInput);

    /// <inheritdoc />
    public Type OutputType => typeof(TOutput);

    /// <inheritdoc />
    public Type ServiceType => typeof(TService);

    /// <inheritdoc />
    public TaskOptions Options { get; } = options;

    /// <summary>Schedules the activity from an orchestrator, with its retry policy.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="input">The input.</param>
    /// <returns>The output, once the activity has completed.</returns>
    public Task<TOutput> CallAsync(TaskOrchestrationContext context, TInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.CallActivityAsync<TOutput>(Name, input, Options);
    }

    /// <summary>Does the activity's work on <paramref name="service"/>.</summary>
    /// <param name="service">The service.</param>
    /// <param name="input">The input.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The output.</returns>
    public Task<TOutput> RunAsync(TService service, TInput input, CancellationToken cancellationToken) => run(service, input, cancellationToken);

    /// <inheritdoc />
    public async Task<object?> RunAsync(IServiceProvider services, object? input, CancellationToken cancellationToken) =>
        await run(services.GetRequiredService<TService>(), (TInput)input!, cancellationToken);
}
