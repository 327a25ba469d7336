using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Hosting;

/// <summary>
/// The one way every host asks for a run: the Functions timer, blob and HTTP triggers, <c>retrain serve</c>'s API and
/// the command line. Each case builds its <see cref="RetrainRequest"/> here, the automatic triggers (schedule, new
/// data) first read the model's spec once to check that the trigger is on, and every request goes through
/// <see cref="RunStarter"/> (one instance per model, later requests coalesced) with the same logging. The run itself
/// reads the spec again when it starts (its first activity) and passes that copy to every stage.
/// </summary>
public sealed class RetrainRunRequests
{
    /// <summary>Who a scheduled request names (<see cref="RetrainRequest.RequestedBy"/>).</summary>
    public const string ScheduleRequester = "schedule";

    /// <summary>Who an HTTP request names (<see cref="RetrainRequest.RequestedBy"/>).</summary>
    public const string HttpRequester = "http";

    private readonly ModelSpecStore _specs;
    private readonly RunStarterFactory _starters;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="RetrainRunRequests"/> class.</summary>
    /// <param name="specs">The model specs, read to check whether an automatic trigger is on.</param>
    /// <param name="starters">Creates the <see cref="RunStarter"/> of each call's client.</param>
    /// <param name="logger">The logger.</param>
    public RetrainRunRequests(ModelSpecStore specs, RunStarterFactory starters, ILogger<RetrainRunRequests> logger)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(starters);
        ArgumentNullException.ThrowIfNull(logger);
        _specs = specs;
        _starters = starters;
        _logger = logger;
    }

    /// <summary>
    /// A schedule tick: requests a run of every model whose spec has <c>trigger.onSchedule</c>. A model whose spec is
    /// unusable is logged and skipped, so that one broken spec does not keep the others from their schedule.
    /// </summary>
    /// <param name="client">The Durable client of the task hub.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The runs started or joined, one per model on schedule.</returns>
    public async Task<IReadOnlyList<RunStart>> RequestScheduledRunsAsync(DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var starter = _starters.Create(client);
        var models = await _specs.ListModelsAsync(cancellationToken);
        var starts = new List<RunStart>();
        foreach (var model in models)
        {
            if (await TryLoadSpecAsync(model, file: null, cancellationToken) is not { } spec)
            {
                continue;
            }

            if (!spec.Trigger.OnSchedule)
            {
                Log.ScheduleDisabled(_logger, model);
                continue;
            }

            var start = await starter.StartAsync(new RetrainRequest(model, RunTrigger.Schedule, RequestedBy: ScheduleRequester), cancellationToken);
            Log.ScheduledRunRequested(_logger, model, start.Kind, start.InstanceId);
            starts.Add(start);
        }

        Log.ScheduleTickCompleted(_logger, models.Count);
        return starts;
    }

    /// <summary>
    /// A file arrived in <c>incoming/{model}/</c>: requests a run of that model unless its spec has
    /// <c>trigger.onNewData</c> off. An invalid model name or an unusable spec is logged and ignored (returns
    /// <see langword="null"/>): the file stays in the drop zone and the next run collects it.
    /// </summary>
    /// <param name="client">The Durable client of the task hub.</param>
    /// <param name="model">The model segment of the file's path.</param>
    /// <param name="file">The file's name, recorded as who requested the run.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The run started or joined, or <see langword="null"/> when the file starts no run.</returns>
    public async Task<RunStart?> RequestNewDataRunAsync(DurableTaskClient client, string model, string file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(file);
        if (ModelName.Explain(model) is { } problem)
        {
            Log.NewDataInvalidModel(_logger, model, file, problem);
            return null;
        }

        if (await TryLoadSpecAsync(model, file, cancellationToken) is not { } spec)
        {
            return null;
        }

        if (!spec.Trigger.OnNewData)
        {
            Log.NewDataTriggerDisabled(_logger, model, file);
            return null;
        }

        var start = await _starters.Create(client).StartAsync(new RetrainRequest(model, RunTrigger.NewData, RequestedBy: file), cancellationToken);
        Log.NewDataRunRequested(_logger, model, file, start.Kind, start.InstanceId);
        return start;
    }

    /// <summary>An HTTP request (the Functions trigger, <c>retrain serve</c>): a run of <paramref name="model"/>, forced or not.</summary>
    /// <param name="client">The Durable client of the task hub.</param>
    /// <param name="model">The model; the caller has checked that it has a spec.</param>
    /// <param name="force">Whether to train even without new data or against the policy.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The run started or joined.</returns>
    public Task<RunStart> RequestHttpRunAsync(DurableTaskClient client, string model, bool force, CancellationToken cancellationToken = default) =>
        RequestRunAsync(client, new RetrainRequest(model, RunTrigger.Http, force, HttpRequester), cancellationToken);

    /// <summary>
    /// A request built by the host (the command line's <c>run</c>, the demo, a test): started or joined as it is. An
    /// on-demand request does not consult the spec's automatic-trigger switches.
    /// </summary>
    /// <param name="client">The Durable client of the task hub.</param>
    /// <param name="request">The request; its model name must be valid.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The run started or joined.</returns>
    public async Task<RunStart> RequestRunAsync(DurableTaskClient client, RetrainRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        var start = await _starters.Create(client).StartAsync(request, cancellationToken);
        Log.RunRequested(_logger, request.Model, request.Trigger, start.Kind, start.InstanceId);
        return start;
    }

    private async Task<ModelSpec?> TryLoadSpecAsync(string model, string? file, CancellationToken cancellationToken)
    {
        try
        {
            return (await _specs.LoadAsync(model, cancellationToken)).Spec;
        }
        catch (ModelSpecException ex)
        {
            if (file is null)
            {
                Log.ScheduledModelSpecUnusable(_logger, ex, model);
            }
            else
            {
                Log.NewDataModelSpecUnusable(_logger, ex, model, file);
            }

            return null;
        }
    }
}
