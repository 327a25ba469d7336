using System.Globalization;
using Microsoft.AspNetCore.Http;
using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Api;

/// <summary>
/// What the dashboard watches, read from what runs already keep: production's live quality over time, the approval
/// a run waits for, and each run's drift page. Host-neutral, like <see cref="ManagementApi"/>.
/// </summary>
public sealed class MonitoringApi(
    IArtifactStore store,
    ModelSpecStore specs,
    ApprovalStore approvals,
    LiveQualityReader quality,
    ManagementApi management,
    TimeProvider timeProvider)
{
    private const int DefaultRunsScored = 50;

    /// <summary>
    /// <c>GET /api/models/{model}/quality[?take=50]</c>: for each of the newest runs that met a production version,
    /// oldest first, that version's accuracy, F1 (or the task's counterparts) and gate metric on the run's new labeled
    /// rows, scored before any model learned from them, with 95 % bootstrap intervals; and the first version's, for reference.
    /// </summary>
    public async Task<IResult> GetQualityAsync(string model, HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await management.CheckModelAsync(model, cancellationToken) is { } error)
        {
            return error;
        }

        var take = DefaultRunsScored;
        if (request.Query.TryGetValue("take", out var value)
            && (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > ManagementApi.MaxRunsListed))
        {
            return ApiResults.BadRequest("take", $"Must be a whole number from 1 to {ManagementApi.MaxRunsListed}.");
        }

        ModelSpec spec;
        try
        {
            (spec, _) = await specs.LoadAsync(model, cancellationToken);
        }
        catch (ModelSpecException ex)
        {
            return ApiResults.Conflict(ex.Message, "spec");
        }

        return ApiResults.Ok(await quality.ReadAsync(spec, take, cancellationToken));
    }

    /// <summary><c>GET /api/models/{model}/approval</c>: the approval a run of the model waits for (candidate, evaluation digest, deadline), if any.</summary>
    public async Task<IResult> GetPendingApprovalAsync(string model, CancellationToken cancellationToken = default)
    {
        if (await management.CheckModelAsync(model, cancellationToken) is { } error)
        {
            return error;
        }

        var pending = await approvals.GetPendingAsync(model, cancellationToken);
        return ApiResults.Ok(new ApprovalWait(pending, pending is not null && timeProvider.GetUtcNow() <= pending.AliveUntil));
    }

    /// <summary><c>GET /api/models/{model}/runs/{runId}/drift.html</c>: the run's drift page (written when drift was measured).</summary>
    public async Task<IResult> GetDriftPageAsync(string model, string runId, HttpResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (await management.CheckModelAsync(model, cancellationToken) is { } error)
        {
            return error;
        }

        string location;
        try
        {
            location = ModelArtifacts.For(model).Runs.Run(runId).DriftPage;
        }
        catch (ArgumentException ex)
        {
            return ApiResults.BadRequest("runId", ex.Message);
        }

        try
        {
            var stream = await store.OpenReadAsync(location, cancellationToken);

            // The page is self-contained by construction (DriftPage: inline styles and SVG, no script); keep it so.
            response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
            return Results.Stream(stream, "text/html; charset=utf-8");
        }
        catch (ArtifactNotFoundException)
        {
            return ApiResults.NotFound("runId", $"Run '{runId}' of model '{model}' has no drift page ({location}): drift is measured only when a reference exists.");
        }
    }
}
