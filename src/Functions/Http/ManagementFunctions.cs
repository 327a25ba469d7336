using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using RetrainFunctions.Api;

namespace RetrainFunctions.Functions.Http;

/// <summary>
/// The management API as HTTP functions (function keys), each one line into <see cref="ManagementApi"/> — the same
/// handlers <c>retrain serve</c> maps. Starting a run is <see cref="Triggers.HttpStartRetrain"/> (same route).
/// </summary>
public sealed class ManagementFunctions(ManagementApi api)
{
    [Function(nameof(ListModels))]
    public Task<IResult> ListModels([HttpTrigger(AuthorizationLevel.Function, "get", Route = "models")] HttpRequest request) =>
        api.ListModelsAsync(request.HttpContext.RequestAborted);

    [Function(nameof(GetModel))]
    public Task<IResult> GetModel([HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{model}")] HttpRequest request, string model) =>
        api.GetModelAsync(model, request.HttpContext.RequestAborted);

    [Function(nameof(ListVersions))]
    public Task<IResult> ListVersions([HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{model}/versions")] HttpRequest request, string model) =>
        api.ListVersionsAsync(model, request.HttpContext.RequestAborted);

    [Function(nameof(GetHistory))]
    public Task<IResult> GetHistory([HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{model}/history")] HttpRequest request, string model) =>
        api.GetHistoryAsync(model, request.HttpContext.RequestAborted);

    [Function(nameof(ListRuns))]
    public Task<IResult> ListRuns([HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{model}/runs")] HttpRequest request, string model) =>
        api.ListRunsAsync(model, request, request.HttpContext.RequestAborted);

    [Function(nameof(GetRun))]
    public Task<IResult> GetRun([HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{model}/runs/{runId}")] HttpRequest request, string model, string runId) =>
        api.GetRunAsync(model, runId, request.HttpContext.RequestAborted);

    [Function(nameof(GetRunStatus))]
    public Task<IResult> GetRunStatus(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{model}/runs/{instanceId}/status")] HttpRequest request,
        string model,
        string instanceId,
        [DurableClient] DurableTaskClient client) =>
        api.GetRunStatusAsync(model, instanceId, client, request.HttpContext.RequestAborted);

    [Function(nameof(GetValidationReport))]
    public Task<IResult> GetValidationReport([HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{model}/runs/{runId}/validation")] HttpRequest request, string model, string runId) =>
        api.GetRunReportAsync(model, runId, RunReportKind.Validation, request.HttpContext.RequestAborted);

    [Function(nameof(GetEvaluationReport))]
    public Task<IResult> GetEvaluationReport([HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{model}/runs/{runId}/evaluation")] HttpRequest request, string model, string runId) =>
        api.GetRunReportAsync(model, runId, RunReportKind.Evaluation, request.HttpContext.RequestAborted);

    [Function(nameof(GetDriftReport))]
    public Task<IResult> GetDriftReport([HttpTrigger(AuthorizationLevel.Function, "get", Route = "models/{model}/runs/{runId}/drift")] HttpRequest request, string model, string runId) =>
        api.GetRunReportAsync(model, runId, RunReportKind.Drift, request.HttpContext.RequestAborted);

    [Function(nameof(SubmitApproval))]
    public Task<IResult> SubmitApproval(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "models/{model}/approval")] HttpRequest request,
        string model,
        [DurableClient] DurableTaskClient client) =>
        api.SubmitApprovalAsync(model, request, client, request.HttpContext.RequestAborted);

    [Function(nameof(RollBack))]
    public Task<IResult> RollBack([HttpTrigger(AuthorizationLevel.Function, "post", Route = "models/{model}/rollback")] HttpRequest request, string model) =>
        api.RollBackAsync(model, request, request.HttpContext.RequestAborted);

    [Function(nameof(GetOpenApi))]
    public IResult GetOpenApi([HttpTrigger(AuthorizationLevel.Function, "get", Route = "openapi.json")] HttpRequest request) => ApiDocuments.OpenApi();

    [Function(nameof(GetDashboard))]
    public IResult GetDashboard([HttpTrigger(AuthorizationLevel.Function, "get", Route = "dashboard")] HttpRequest request) => ApiDocuments.Dashboard();
}
