using Microsoft.DurableTask.Client;
using RetrainFunctions.Core.Orchestration;

namespace RetrainFunctions.Api;

/// <summary>The body of <c>GET /api/models/{model}/runs/{instanceId}/status</c>.</summary>
/// <param name="Model">The model.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="RuntimeStatus">Pending, Running, Completed, Failed...</param>
/// <param name="Progress">The stage in progress while the instance is pending, running or suspended; null once it has ended.</param>
/// <param name="Record">The run record, once completed.</param>
/// <param name="Failure">Why the instance failed, when it did.</param>
/// <param name="CreatedAt">When the instance was created.</param>
/// <param name="LastUpdatedAt">When it last changed.</param>
public sealed record RunStatus(
    string Model,
    string InstanceId,
    OrchestrationRuntimeStatus RuntimeStatus,
    RunProgress? Progress,
    RunRecord? Record,
    string? Failure,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt);
