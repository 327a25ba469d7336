using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Api;

namespace RetrainFunctions.Functions.Http;

/// <summary>What the dashboard watches, as HTTP functions (function keys), each one line into <see cref="MonitoringApi"/> as in <c>retrain serve</c>.</summary>
public sealed class MonitoringFunctions(MonitoringApi api)
{
    [Function(nameof(GetLiveQuality))]
    public Task<IResult> GetLiveQuality([HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{model}/quality")] HttpRequest request, string model) =>
        api.GetQualityAsync(model, request, request.HttpContext.RequestAborted);

    [Function(nameof(GetPendingApproval))]
    public Task<IResult> GetPendingApproval([HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{model}/approval")] HttpRequest request, string model) =>
        api.GetPendingApprovalAsync(model, request.HttpContext.RequestAborted);

    [Function(nameof(GetDriftPage))]
    public Task<IResult> GetDriftPage([HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{model}/runs/{runId}/drift.html")] HttpRequest request, string model, string runId) =>
        api.GetDriftPageAsync(model, runId, request.HttpContext.Response, request.HttpContext.RequestAborted);
}
