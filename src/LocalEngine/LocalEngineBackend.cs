namespace RetrainFunctions.LocalEngine;

/// <summary>Where a <see cref="LocalDurableEngine"/> keeps orchestration state.</summary>
public enum LocalEngineBackend
{
    /// <summary>In process memory: fast, and nothing survives the process. The default, and what the tests use.</summary>
    InMemory,
}
