using Microsoft.Extensions.Logging;

namespace RetrainFunctions.LocalEngine;

/// <summary>Hands a host's loggers to the caller's factory, so the host's own filters apply before it.</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory target) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => target.CreateLogger(categoryName);

    public void Dispose()
    {
        // The caller owns the factory.
    }
}
