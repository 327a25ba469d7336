using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Hosting;

namespace RetrainFunctions.Api;

/// <summary>
/// The management API, host-neutral: each method answers one route and returns an <see cref="IResult"/>; routes that
/// talk to the task hub take the host's <see cref="DurableTaskClient"/> (a service in <c>retrain serve</c>, a
/// <c>[DurableClient]</c> binding in the Functions app). 4xx answers are problem+json naming the field.
/// </summary>
public sealed class ManagementApi(
    IArtifactStore store,
    ModelSpecStore specs,
    ModelDeployer deployer,
    RollbackService rollbacks,
    RetrainRunRequests runs,
    ApprovalStore approvals,
    ILogger<ManagementApi> logger)
{
    /// <summary>The most runs one <c>GET runs</c> returns.</summary>
    public const int MaxRunsListed = 200;

    private const int DefaultRunsListed = 20;

    /// <summary><c>GET /api/models</c>: every model with a spec, its task, gate metric and production pointer.</summary>
    public async Task<IResult> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        var models = new List<ModelSummary>();
        foreach (var name in await specs.ListModelsAsync(cancellationToken))
        {
            ModelSpec spec;
            try
            {
                (spec, _) = await specs.LoadAsync(name, cancellationToken);
            }
            catch (ModelSpecException ex)
            {
                ApiLog.SpecUnusable(logger, ex, name);
                continue;
            }

            models.Add(new ModelSummary(name, spec.Task, spec.Gate.EffectiveMetric(spec.Task), await deployer.GetProductionAsync(name, cancellationToken)));
        }

        return ApiResults.Ok(models);
    }

    /// <summary><c>GET /api/models/{model}</c>: the spec, the production pointer and the production version's manifest.</summary>
    public async Task<IResult> GetModelAsync(string model, CancellationToken cancellationToken = default)
    {
        if (await CheckModelAsync(model, cancellationToken) is { } error)
        {
            return error;
        }

        ModelSpec spec;
        string digest;
        try
        {
            (spec, digest) = await specs.LoadAsync(model, cancellationToken);
        }
        catch (ModelSpecException ex)
        {
            return ApiResults.Conflict(ex.Message, "spec");
        }

        var production = await deployer.GetProductionAsync(model, cancellationToken);
        var version = production is null ? null : await TryReadAsync<ModelVersion>(ModelArtifacts.For(model).Versions.Version(production.Version).Manifest, cancellationToken);
        return ApiResults.Ok(new ModelDetails(model, spec, digest, production, version));
    }

    /// <summary><c>GET /api/models/{model}/versions</c>: every deployed version's manifest, oldest first.</summary>
    public async Task<IResult> ListVersionsAsync(string model, CancellationToken cancellationToken = default)
    {
        if (await CheckModelAsync(model, cancellationToken) is { } error)
        {
            return error;
        }

        var versions = new List<ModelVersion>();
        await foreach (var item in store.ListAsync(ModelArtifacts.For(model).Versions.Prefix, cancellationToken))
        {
            if (item.Path.EndsWith("/version.json", StringComparison.Ordinal))
            {
                versions.Add(await store.ReadJsonAsync<ModelVersion>(item.Path, cancellationToken));
            }
        }

        return ApiResults.Ok(versions.OrderBy(v => v.CreatedAt).ToList());
    }

    /// <summary><c>GET /api/models/{model}/history</c>: every production pointer change, oldest first.</summary>
    public async Task<IResult> GetHistoryAsync(string model, CancellationToken cancellationToken = default) =>
        await CheckModelAsync(model, cancellationToken) ?? ApiResults.Ok(await deployer.GetHistoryAsync(model, cancellationToken));

    /// <summary>
    /// <c>POST /api/models/{model}/runs[?force=true]</c>, the one start-run contract of both hosts (the Functions trigger
    /// <c>HttpStartRetrain</c> and <c>retrain serve</c> call this method): 202 with a <see cref="RunAccepted"/> body,
    /// <c>Location</c> (the status URL) and <c>Retry-After</c>, whether a run was started or the request joined the run
    /// in progress (then <see cref="RunAccepted.RunId"/> names the run that follows it and covers the request); 400 for an
    /// invalid model name and 404 for a model without a spec, as problem+json. Status code and headers are set before
    /// the body is written: once an ASP.NET Core response has started they cannot change.
    /// </summary>
    public async Task<IResult> StartRunAsync(string model, HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (await CheckModelAsync(model, cancellationToken) is { } error)
        {
            return error;
        }

        var force = request.Query.TryGetValue("force", out var value) && bool.TryParse(value, out var parsed) && parsed;
        var start = await runs.RequestHttpRunAsync(client, model, force, cancellationToken);
        var statusUrl = StatusUrl(request, model, start.InstanceId);
        return new RunAcceptedResult(new RunAccepted(model, start.InstanceId, start.RunId, start.Kind, start.Status, statusUrl));
    }

    /// <summary>
    /// The URL of <c>GET /api/models/{model}/runs/{instanceId}/status</c> on the host that answered. The function key a
    /// caller sent as <c>?code=</c> is carried over so that the link works for that caller; no other key is ever added
    /// (Durable's own management URLs carry the extension's system key, so they are not returned).
    /// </summary>
    private static string StatusUrl(HttpRequest request, string model, string instanceId)
    {
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}/api/models/{Uri.EscapeDataString(model)}/runs/{Uri.EscapeDataString(instanceId)}/status";
        return request.Query.TryGetValue("code", out var code) && !string.IsNullOrEmpty(code)
            ? $"{url}?code={Uri.EscapeDataString(code.ToString())}"
            : url;
    }

    /// <summary><c>GET /api/models/{model}/runs/{instanceId}/status</c>: the instance's status, stage and, once done, its run record.</summary>
    public async Task<IResult> GetRunStatusAsync(string model, string instanceId, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (ModelName.Explain(model) is { } invalid)
        {
            return ApiResults.BadRequest("model", $"Invalid model name: {invalid}.");
        }

        if (!string.Equals(instanceId, RetrainInstanceIds.For(model), StringComparison.Ordinal))
        {
            return ApiResults.NotFound("instanceId", $"Runs of model '{model}' run as instance '{RetrainInstanceIds.For(model)}', not '{instanceId}'.");
        }

        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return ApiResults.NotFound("instanceId", $"No run of model '{model}' has been started by this task hub (instance {instanceId}).");
        }

        // The custom status keeps the last stage the run entered; once the run has ended, no stage is in progress.
        var progress = !instance.IsCompleted && instance.SerializedCustomStatus is not null ? instance.ReadCustomStatusAs<RunProgress>() : null;
        var record = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.ReadOutputAs<RunRecord>() : null;
        return ApiResults.Ok(new RunStatus(model, instanceId, instance.RuntimeStatus, progress, record, instance.FailureDetails?.ToString(), instance.CreatedAt, instance.LastUpdatedAt));
    }

    /// <summary><c>GET /api/models/{model}/runs[?take=20]</c>: the latest run records, newest first, with outcomes.</summary>
    public async Task<IResult> ListRunsAsync(string model, HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await CheckModelAsync(model, cancellationToken) is { } error)
        {
            return error;
        }

        var take = DefaultRunsListed;
        if (request.Query.TryGetValue("take", out var value)
            && (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxRunsListed))
        {
            return ApiResults.BadRequest("take", $"Must be a whole number from 1 to {MaxRunsListed}.");
        }

        var paths = new List<string>();
        await foreach (var item in store.ListAsync(ModelArtifacts.For(model).Runs.Prefix, cancellationToken))
        {
            if (item.Path.EndsWith("/record.json", StringComparison.Ordinal))
            {
                paths.Add(item.Path);
            }
        }

        // Run ids sort by start time, so the newest are the last paths in ordinal order.
        var records = new List<RunRecord>();
        foreach (var path in paths.Order(StringComparer.Ordinal).TakeLast(take).Reverse())
        {
            records.Add(await store.ReadJsonAsync<RunRecord>(path, cancellationToken));
        }

        return ApiResults.Ok(records);
    }

    /// <summary><c>GET /api/models/{model}/runs/{runId}</c>: the run record (trigger, stages, outcome and why).</summary>
    public Task<IResult> GetRunAsync(string model, string runId, CancellationToken cancellationToken = default) =>
        ServeDocumentAsync(model, runId, run => run.Record, "run record", cancellationToken);

    /// <summary><c>GET /api/models/{model}/runs/{runId}/{validation|evaluation|drift}</c>: one of the run's reports.</summary>
    public Task<IResult> GetRunReportAsync(string model, string runId, RunReportKind kind, CancellationToken cancellationToken = default) => kind switch
    {
        RunReportKind.Validation => ServeDocumentAsync(model, runId, run => run.ValidationReport, "validation report", cancellationToken),
        RunReportKind.Evaluation => ServeDocumentAsync(model, runId, run => run.EvaluationReport, "evaluation report", cancellationToken),

        RunReportKind.Drift => ServeDocumentAsync(model, runId, run => run.DriftReport, "drift report", cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown report."),
    };

    /// <summary>
    /// <c>POST /api/models/{model}/approval</c> with an <see cref="ApprovalDecision"/>, checked against the run waiting
    /// (this host's, or another process's through the store): 202 when delivered or filed for the run's host; 404 when
    /// it names another candidate, 422 another evaluation digest; 409 when no run waits, the waiting process stopped or
    /// the candidate was decided already.
    /// </summary>
    public async Task<IResult> SubmitApprovalAsync(string model, HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (await CheckModelAsync(model, cancellationToken) is { } error)
        {
            return error;
        }

        var caller = CallerIdentity.Of(request.HttpContext);
        var (decision, bodyError) = await ReadDecisionAsync(request, byRequired: caller is null, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        if (decision!.Model is null)
        {
            decision = decision with { Model = model };
        }
        else if (!string.Equals(decision.Model, model, StringComparison.Ordinal))
        {
            return ApiResults.BadRequest("model", $"The decision is for model '{decision.Model}' but was posted to model '{model}'.");
        }

        // Who decided is the caller's identity when the host knows it (CallerIdentity); free text otherwise.
        if (caller is not null)
        {
            decision = decision with { By = caller };
        }
        else if (string.IsNullOrWhiteSpace(decision.By))
        {
            return ApiResults.BadRequest("by", "Required: who decided.");
        }

        var receipt = await new ApprovalSubmitter(client, approvals).DecideAsync(decision, cancellationToken);
        var instanceId = RetrainInstanceIds.For(model);
        ApiLog.ApprovalSubmitted(logger, model, decision.By, receipt.Status, instanceId);
        return receipt.Status switch
        {
            ApprovalStatus.Accepted => ApiResults.Ok(new ApprovalAccepted(true, instanceId, receipt.Message), StatusCodes.Status202Accepted),
            ApprovalStatus.UnknownCandidate => ApiResults.NotFound("candidateVersion", receipt.Message),
            ApprovalStatus.WrongDigest => ApiResults.Problem(StatusCodes.Status422UnprocessableEntity, "Stale decision", receipt.Message, "evaluationDigest"),
            _ => ApiResults.Conflict(receipt.Message),
        };
    }

    /// <summary>
    /// <c>POST /api/models/{model}/rollback</c> with <c>{"version": "...", "by": "..."}</c>: points production at an earlier
    /// version (default: the one production replaced). 200 with the new pointer; 404 unknown version; 409 when there is
    /// nothing to roll back to, the version already serves, or production changed meanwhile.
    /// </summary>
    public async Task<IResult> RollBackAsync(string model, HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await CheckModelAsync(model, cancellationToken) is { } error)
        {
            return error;
        }

        var (document, bodyError) = await RequestBody.ReadJsonAsync(request, 16 * 1024, cancellationToken);
        if (bodyError is not null)
        {
            return bodyError;
        }

        RollbackRequest? body;
        using (document)
        {
            try
            {
                body = document!.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Deserialize<RollbackRequest>(RetrainJson.Options) : null;
            }
            catch (JsonException ex)
            {
                return ApiResults.BadRequest(string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path.TrimStart('$', '.'), $"Invalid rollback request: {ex.Message}");
            }
        }

        if (body is null)
        {
            return ApiResults.BadRequest("$", "The body must be an object {\"version\": \"<optional>\", \"by\": \"<who>\"}.");
        }

        if (string.IsNullOrWhiteSpace(body.By))
        {
            return ApiResults.BadRequest("by", "Required: who asks for the rollback (recorded in the pointer history).");
        }

        var result = await rollbacks.RollBackAsync(model, body.Version, body.By, cancellationToken);
        return result.Status switch
        {
            RollbackStatus.RolledBack => ApiResults.Ok(result.Pointer!),
            RollbackStatus.InvalidVersion => ApiResults.BadRequest("version", result.Message),
            RollbackStatus.UnknownVersion => ApiResults.NotFound("version", $"{result.Message} See GET /api/models/{model}/versions."),
            _ => ApiResults.Conflict(result.Message, "version"),
        };
    }

    /// <summary>400 for an invalid model name, 404 for a model without a spec, null for a model the routes can serve.</summary>
    internal async Task<IResult?> CheckModelAsync(string model, CancellationToken cancellationToken)
    {
        if (ModelName.Explain(model) is { } invalid)
        {
            return ApiResults.BadRequest("model", $"Invalid model name: {invalid}.");
        }

        return await store.ExistsAsync(ModelArtifacts.For(model).Specs.Document, cancellationToken)
            ? null
            : ApiResults.NotFound("model", $"Model '{model}' has no spec; create one with 'retrain init {model} --data <file.csv> --label <column>'.");
    }

    private async Task<IResult> ServeDocumentAsync(string model, string runId, Func<RunFolder, string> path, string what, CancellationToken cancellationToken)
    {
        if (await CheckModelAsync(model, cancellationToken) is { } error)
        {
            return error;
        }

        string location;
        try
        {
            location = path(ModelArtifacts.For(model).Runs.Run(runId));
        }
        catch (ArgumentException ex)
        {
            return ApiResults.BadRequest("runId", ex.Message);
        }

        try
        {
            var stream = await store.OpenReadAsync(location, cancellationToken);
            return Results.Stream(stream, "application/json");
        }
        catch (ArtifactNotFoundException)
        {
            return ApiResults.NotFound("runId", $"Run '{runId}' of model '{model}' has no {what} ({location}).");
        }
    }

    private async Task<T?> TryReadAsync<T>(string path, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await store.ReadJsonAsync<T>(path, cancellationToken);
        }
        catch (ArtifactNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Reads the body of an approval: a JSON object with the decision's required fields (<c>by</c> only when <paramref name="byRequired"/>).</summary>
    private static async Task<(ApprovalDecision? Decision, IResult? Error)> ReadDecisionAsync(HttpRequest request, bool byRequired, CancellationToken cancellationToken)
    {
        var (document, bodyError) = await RequestBody.ReadJsonAsync(request, 64 * 1024, cancellationToken);
        if (bodyError is not null)
        {
            return (null, bodyError);
        }

        ApprovalDecision? decision;
        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, ApiResults.BadRequest("$", "The body must be an ApprovalDecision object."));
            }

            foreach (var field in byRequired ? (string[])["candidateVersion", "evaluationDigest", "approved", "by"] : ["candidateVersion", "evaluationDigest", "approved"])
            {
                if (!root.TryGetProperty(field, out var property) || property.ValueKind == JsonValueKind.Null)
                {
                    return (null, ApiResults.BadRequest(field, $"Required: {field}."));
                }
            }

            try
            {
                decision = root.Deserialize<ApprovalDecision>(RetrainJson.Options);
            }
            catch (JsonException ex)
            {
                return (null, ApiResults.BadRequest(string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path.TrimStart('$', '.'), $"Invalid ApprovalDecision: {ex.Message}"));
            }
        }

        return decision is null ? (null, ApiResults.BadRequest("$", "The body must be an ApprovalDecision object.")) : (decision, null);
    }
}
