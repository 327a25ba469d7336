using Microsoft.DurableTask;

namespace RetrainFunctions.Core.Orchestration;

/// <summary>One activity of <see cref="RetrainOrchestrator"/>, as declared in <see cref="RetrainActivities"/>; a host registers it from this.</summary>
public interface IRetrainActivity
{
    /// <summary>Gets the activity's name (one of <see cref="RetrainActivityNames"/>).</summary>
    string Name { get; }

    /// <summary>Gets the type of its input.</summary>
    Type InputType { get; }

    /// <summary>Gets the type of its output.</summary>
    Type OutputType { get; }

    /// <summary>Gets the Core service that does its work (resolved from the host's services).</summary>
    Type ServiceType { get; }

    /// <summary>Gets the options (retry policy) the orchestrator calls it with.</summary>
    TaskOptions Options { get; }

    /// <summary>Runs the activity: resolves <see cref="ServiceType"/> from <paramref name="services"/> and calls it.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="input">The input, of <see cref="InputType"/>.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The output, of <see cref="OutputType"/>.</returns>
    Task<object?> RunAsync(IServiceProvider services, object? input, CancellationToken cancellationToken);
}
