using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace RetrainFunctions.Hosting;

/// <summary>
/// Creates <see cref="RunStarter"/>s for hosts whose <see cref="DurableTaskClient"/> is not a service but an
/// invocation input (the Functions app's <c>[DurableClient]</c> binding).
/// </summary>
public sealed class RunStarterFactory
{
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<RunStarter> _logger;

    /// <summary>Initializes a new instance of the <see cref="RunStarterFactory"/> class.</summary>
    /// <param name="timeProvider">The clock passed to every starter.</param>
    /// <param name="logger">The logger passed to every starter.</param>
    public RunStarterFactory(TimeProvider timeProvider, ILogger<RunStarter> logger)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Creates a starter that schedules runs through <paramref name="client"/>.</summary>
    public RunStarter Create(DurableTaskClient client) => new(client, _timeProvider, _logger);
}
