using RetrainFunctions.Hosting;

namespace RetrainFunctions.Api;

/// <summary>The 202 body of <c>POST /api/models/{model}/runs</c>.</summary>
/// <param name="Model">The model.</param>
/// <param name="InstanceId">The Durable instance handling the request (<c>retrain-{model}</c>).</param>
/// <param name="Kind">Started, or coalesced into the run in progress.</param>
/// <param name="StatusUrl">Where to poll the run (<c>GET /api/models/{model}/runs/{instanceId}/status</c>).</param>
public sealed record RunAccepted(string Model, string InstanceId, RunStartKind Kind, string StatusUrl);
