using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using RetrainFunctions.Hosting;

namespace RetrainFunctions.Functions.Triggers;

/// <summary>
/// Blob triggers: a file uploaded to <c>{container}/incoming/{model}/</c> — the container is the artifact store's,
/// setting <c>ArtifactStore__ContainerName</c>, on the <c>ArtifactStorage</c> connection — starts a run of that model,
/// or joins the run in progress, which continues as new and collects it, unless the model's spec has
/// <c>trigger.onNewData</c> off (<see cref="RetrainRunRequests.RequestNewDataRunAsync"/>). The run itself reads the
/// file; the trigger only names it.
/// </summary>
/// <remarks>
/// <para>
/// Two functions, one source each, selected by the host's own per-function settings: <see cref="Run"/>
/// (<c>NewDataArrived</c>, the polling source: Premium, Dedicated, Azurite) and <see cref="RunFromEventGrid"/>
/// (<c>NewDataArrivedEventGrid</c>, the Event Grid source: required on Flex Consumption, which does not run the polling
/// one). Set <c>AzureWebJobs.NewDataArrivedEventGrid.Disabled=true</c> for polling (the sample settings do) or
/// <c>AzureWebJobs.NewDataArrived.Disabled=true</c> for Event Grid (the Bicep template does); see docs/azure.md.
/// </para>
/// <para>
/// A path whose model segment is not a valid model name, or a model without a usable spec, is logged and ignored:
/// throwing would only make the host retry the same blob until it gives up.
/// </para>
/// </remarks>
public sealed class NewDataArrived(RetrainRunRequests runs)
{
    /// <summary>The blob path both functions watch: the artifact container's <c>incoming/{model}/{name}</c>.</summary>
    public const string IncomingPath = "%ArtifactStore:ContainerName%/incoming/{model}/{name}";

    /// <summary>The connection (app setting prefix) of the account both functions watch.</summary>
    public const string Connection = "ArtifactStorage";

    /// <summary>Requests a run for the model that received <paramref name="name"/> (polling source).</summary>
    [Function(nameof(NewDataArrived))]
    public Task Run(
        [BlobTrigger(IncomingPath, Connection = Connection)] BlobClient blob,
        string model,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        runs.RequestNewDataRunAsync(client, model, name, cancellationToken);

    /// <summary>Requests a run for the model that received <paramref name="name"/> (Event Grid source, Flex Consumption).</summary>
    [Function(nameof(NewDataArrived) + "EventGrid")]
    public Task RunFromEventGrid(
        [BlobTrigger(IncomingPath, Connection = Connection, Source = BlobTriggerSource.EventGrid)] BlobClient blob,
        string model,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        runs.RequestNewDataRunAsync(client, model, name, cancellationToken);
}
