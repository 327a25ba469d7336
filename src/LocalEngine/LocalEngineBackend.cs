namespace RetrainFunctions.LocalEngine;

/// <summary>Where a <see cref="LocalDurableEngine"/> keeps orchestration state.</summary>
public enum LocalEngineBackend
{
    /// <summary>In process memory: fast, and nothing survives the process. The default, and what most tests use.</summary>
    InMemory,

    /// <summary>
    /// The Azure Storage task hub (queues, tables and blobs) that Durable Functions uses by default, in Azurite or a real
    /// account (<see cref="LocalDurableEngineOptions.DurableConnectionString"/>): a run survives a process kill and
    /// resumes when an engine on the same task hub starts again.
    /// </summary>
    AzureStorage,
}
