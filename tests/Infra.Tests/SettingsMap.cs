using System.Reflection;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Serving;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Training;
using RetrainFunctions.Hosting;

namespace RetrainFunctions.Infra.Tests;

/// <summary>
/// The documented differences allowed between the settings of the template (Azure) and of
/// <c>local.settings.sample.json</c> (local), mirrored in docs/azure.md ("Identity-based settings"):
/// <list type="bullet">
/// <item>a connection <c>C</c> is a connection string <c>C</c> locally and identity-based <c>C__accountName</c> or
/// <c>C__blobServiceUri</c> (with <c>C__credential</c>, <c>C__clientId</c>, optionally <c>C__queueServiceUri</c>) in Azure;</item>
/// <item>the artifact store is <c>ArtifactStore__ConnectionString</c> locally and <c>ArtifactStore__AccountUrl</c> in Azure;</item>
/// <item>the platform sets <c>FUNCTIONS_WORKER_RUNTIME</c> in Azure (Flex Consumption: from the app's runtime);</item>
/// <item>Application Insights (its connection string and authentication) and the identity's client id exist in Azure
/// only; the optional OpenTelemetry settings (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_TRACES_SAMPLER</c>) may appear on
/// either side;</item>
/// <item>the blob trigger's source switch disables a different function on each side;</item>
/// <item>options with documented defaults (<c>Serving__*</c>, <c>Training__*</c>, <c>Collection__*</c>,
/// the other <c>ArtifactStore__*</c>) may appear on either side.</item>
/// </list>
/// </summary>
internal static class SettingsMap
{
    public const string HostConnection = "AzureWebJobsStorage";

    public static readonly string[] IdentityQualifiers = ["__accountName", "__blobServiceUri", "__queueServiceUri", "__tableServiceUri", "__credential", "__clientId"];

    public static readonly string[] PlatformManaged = ["FUNCTIONS_WORKER_RUNTIME"];

    public static readonly string[] AzureOnly =
    [
        RetrainTelemetryServiceCollectionExtensions.ApplicationInsightsConnectionStringSetting,
        RetrainTelemetryServiceCollectionExtensions.ApplicationInsightsAuthenticationStringSetting,
        "AZURE_CLIENT_ID",
    ];

    /// <summary>The telemetry settings the app reads that are optional on both sides.</summary>
    public static readonly string[] OptionalTelemetry =
    [
        RetrainTelemetryServiceCollectionExtensions.OtlpEndpointSetting,
        RetrainTelemetryServiceCollectionExtensions.TracesSamplerSetting,
    ];

    public static readonly string[] SourceSwitches = ["AzureWebJobs.NewDataArrived.Disabled", "AzureWebJobs.NewDataArrivedEventGrid.Disabled"];

    public const string LocalStore = "ArtifactStore__ConnectionString";

    public const string AzureStore = "ArtifactStore__AccountUrl";

    /// <summary>Gets every <c>{Section}__{Property}</c> of the options the app binds, each with a documented default.</summary>
    public static IReadOnlySet<string> OptionalOptions { get; } = new[]
    {
        (ArtifactStoreOptions.SectionName, typeof(ArtifactStoreOptions)),
        (ServingOptions.SectionName, typeof(ServingOptions)),
        (TrainingOptions.SectionName, typeof(TrainingOptions)),
        (CollectionOptions.SectionName, typeof(CollectionOptions)),
    }
    .SelectMany(o => o.Item2.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => $"{o.Item1}__{p.Name}"))
    .ToHashSet(StringComparer.Ordinal);
}
