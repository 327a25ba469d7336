using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.LocalEngine;

namespace RetrainFunctions.Cli;

/// <summary>
/// Which Durable backend the command line's engine uses, from the <c>Engine</c> configuration section (environment:
/// <c>Engine__DurableConnection</c>, <c>Engine__TaskHub</c>, <c>Engine__DiagnosticActivityDelay</c>) or the
/// matching command options, which win. Without a durable connection the engine keeps state in memory.
/// </summary>
internal sealed class EngineSettings
{
    /// <summary>The configuration section: <c>Engine</c>.</summary>
    public const string SectionName = "Engine";

    /// <summary>Gets or sets the Azure Storage connection string of the task hub. <value>Default: unset (in memory).</value></summary>
    public string? DurableConnection { get; set; }

    /// <summary>Gets or sets the task hub name. <value>Default: <c>retrain</c>.</value></summary>
    public string? TaskHub { get; set; }

    /// <summary>Gets or sets the diagnostics delay before and after each activity (fault drills only). <value>Default: none.</value></summary>
    public TimeSpan? DiagnosticActivityDelay { get; set; }

    /// <summary>
    /// Gets or sets how long a run's lease on its model lasts without renewal: after a crash (kill -9) the next
    /// <c>retrain run</c> of the model waits at most this long, or not at all when the crashed process was on this machine.
    /// <value>Default: 30 seconds.</value>
    /// </summary>
    public TimeSpan? RunLease { get; set; }

    /// <summary>Gets the run lease's duration in force.</summary>
    public TimeSpan RunLeaseDuration => RunLease is { } lease && lease > TimeSpan.Zero ? lease : TimeSpan.FromSeconds(30);

    /// <summary>Gets whether runs survive the process (an Azure Storage task hub) rather than living in memory.</summary>
    public bool IsDurable => !string.IsNullOrWhiteSpace(DurableConnection);

    /// <summary>Reads the settings from the environment.</summary>
    public static EngineSettings FromEnvironment()
    {
        var settings = new EngineSettings();
        new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(SectionName).Bind(settings);
        return settings;
    }

    /// <summary>Starts a <see cref="LocalPipeline"/> on the engine the environment selects (in memory unless <c>Engine__DurableConnection</c> is set).</summary>
    public static Task<LocalPipeline> StartPipelineAsync(Action<IServiceCollection> configureServices, CancellationToken cancellationToken) =>
        LocalPipeline.StartAsync(configureServices, FromEnvironment().ToEngineOptions(), cancellationToken);

    /// <summary>The engine options these settings select.</summary>
    public LocalDurableEngineOptions ToEngineOptions()
    {
        var options = new LocalDurableEngineOptions { DiagnosticActivityDelay = DiagnosticActivityDelay ?? TimeSpan.Zero };
        return string.IsNullOrWhiteSpace(DurableConnection)
            ? options
            : options with
            {
                Backend = LocalEngineBackend.AzureStorage,
                DurableConnectionString = DurableConnection,
                TaskHubName = string.IsNullOrWhiteSpace(TaskHub) ? options.TaskHubName : TaskHub,
            };
    }

    /// <summary>Describes the engine for people, without the connection string.</summary>
    public string Describe() => string.IsNullOrWhiteSpace(DurableConnection)
        ? "Durable Task, in process (in memory)"
        : string.Create(CultureInfo.InvariantCulture, $"Durable Task, in process, Azure Storage task hub '{ToEngineOptions().TaskHubName}' (survives restarts)");
}
