using Microsoft.DurableTask.Client;
using RetrainFunctions.Hosting;

namespace RetrainFunctions.Api;

/// <summary>
/// The 202 body of <c>POST /api/models/{model}/runs</c> on both hosts (camelCase JSON, enums as names):
/// <c>{"model", "instanceId", "runId", "kind", "runtimeStatus", "statusUrl"}</c>.
/// </summary>
/// <param name="Model">The model.</param>
/// <param name="InstanceId">The Durable instance handling the request (<c>retrain-{model}</c>).</param>
/// <param name="RunId">
/// The run that will cover the request: the new run, or — when <paramref name="Kind"/> is
/// <see cref="RunStartKind.Coalesced"/> — the run that follows the one in progress. Its record will be at
/// <c>GET /api/models/{model}/runs/{runId}</c> once it ends.
/// </param>
/// <param name="Kind"><c>Started</c>, or <c>Coalesced</c> into the run in progress.</param>
/// <param name="RuntimeStatus">The instance's status as the starter last saw it (<c>Pending</c>, <c>Running</c>...).</param>
/// <param name="StatusUrl">Where to poll the instance (<c>GET /api/models/{model}/runs/{instanceId}/status</c>); also the <c>Location</c> header.</param>
public sealed record RunAccepted(string Model, string InstanceId, string? RunId, RunStartKind Kind, OrchestrationRuntimeStatus RuntimeStatus, string StatusUrl);
