using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Hosting;

namespace RetrainFunctions.Functions.Triggers;

/// <summary>
/// Blob trigger: a file uploaded to <c>retrain/incoming/{model}/</c> (on the <c>ArtifactStorage</c> connection)
/// starts a run of that model — or joins the run in progress, which continues as new and collects it — unless the
/// model's spec has <c>trigger.onNewData</c> off. The run itself reads the file; the trigger only names it.
/// </summary>
/// <remarks>
/// A path whose model segment is not a valid model name, or a model without a usable spec, is logged and ignored:
/// throwing would only make the host retry the same blob until it gives up.
/// </remarks>
public sealed class NewDataArrived(ModelSpecStore specs, RunStarterFactory starters, ILogger<NewDataArrived> logger)
{
    /// <summary>Requests a run for the model that received <paramref name="name"/>.</summary>
    [Function(nameof(NewDataArrived))]
    public async Task Run(
        [BlobTrigger("retrain/incoming/{model}/{name}", Connection = "ArtifactStorage")] BlobClient blob,
        string model,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (ModelName.Explain(model) is { } problem)
        {
            Log.NewDataInvalidModel(logger, model, blob?.Name ?? name, problem);
            return;
        }

        ModelSpec spec;
        try
        {
            (spec, _) = await specs.LoadAsync(model, cancellationToken);
        }
        catch (ModelSpecException ex)
        {
            // The file stays in incoming/: the first run after the spec is fixed collects it.
            Log.NewDataModelSpecUnusable(logger, ex, model, name);
            return;
        }

        if (!spec.Trigger.OnNewData)
        {
            Log.NewDataTriggerDisabled(logger, model, name);
            return;
        }

        var start = await starters.Create(client).StartAsync(new RetrainRequest(model, RunTrigger.NewData, RequestedBy: name), cancellationToken);
        Log.NewDataRunRequested(logger, model, name, start.Kind, start.InstanceId);
    }
}
