using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;

namespace RetrainFunctions.Api;

/// <summary>Maps the API's routes onto an ASP.NET Core host (<c>retrain serve</c>); the Functions app maps the same handlers as functions.</summary>
public static class RetrainApiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every route under <c>/api</c>, the dashboard at <c>/</c>, <c>/dashboard</c> and <c>/api/dashboard</c>. The
    /// run routes need a <see cref="DurableTaskClient"/> service. The routes that change things (start a run, approve or
    /// reject, roll back) go through <see cref="ManagementAccessFilter"/>: an API key whenever the server listens beyond loopback.
    /// </summary>
    public static IEndpointRouteBuilder MapRetrainApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/", ApiDocuments.Dashboard);
        endpoints.MapGet("/dashboard", ApiDocuments.Dashboard);
        endpoints.MapGet("/api/dashboard", ApiDocuments.Dashboard);
        endpoints.MapGet("/api/openapi.json", ApiDocuments.OpenApi);

        var api = endpoints.MapGroup("/api/models");
        api.MapGet("/", (ManagementApi m, CancellationToken ct) => m.ListModelsAsync(ct));
        api.MapGet("/{model}", (string model, ManagementApi m, CancellationToken ct) => m.GetModelAsync(model, ct));
        api.MapGet("/{model}/versions", (string model, ManagementApi m, CancellationToken ct) => m.ListVersionsAsync(model, ct));
        api.MapGet("/{model}/history", (string model, ManagementApi m, CancellationToken ct) => m.GetHistoryAsync(model, ct));
        api.MapPost("/{model}/runs", (string model, HttpRequest request, ManagementApi m, DurableTaskClient client, CancellationToken ct) => m.StartRunAsync(model, request, client, ct)).AddEndpointFilter<ManagementAccessFilter>();
        api.MapGet("/{model}/runs", (string model, HttpRequest request, ManagementApi m, CancellationToken ct) => m.ListRunsAsync(model, request, ct));
        api.MapGet("/{model}/runs/{runId}", (string model, string runId, ManagementApi m, CancellationToken ct) => m.GetRunAsync(model, runId, ct));
        api.MapGet("/{model}/runs/{instanceId}/status", (string model, string instanceId, ManagementApi m, DurableTaskClient client, CancellationToken ct) => m.GetRunStatusAsync(model, instanceId, client, ct));
        api.MapGet("/{model}/runs/{runId}/validation", (string model, string runId, ManagementApi m, CancellationToken ct) => m.GetRunReportAsync(model, runId, RunReportKind.Validation, ct));
        api.MapGet("/{model}/runs/{runId}/evaluation", (string model, string runId, ManagementApi m, CancellationToken ct) => m.GetRunReportAsync(model, runId, RunReportKind.Evaluation, ct));
        api.MapGet("/{model}/runs/{runId}/drift", (string model, string runId, ManagementApi m, CancellationToken ct) => m.GetRunReportAsync(model, runId, RunReportKind.Drift, ct));
        api.MapPost("/{model}/predict", (string model, HttpRequest request, PredictionApi p, CancellationToken ct) => p.PredictAsync(model, request, ct));
        api.MapPost("/{model}/approval", (string model, HttpRequest request, ManagementApi m, DurableTaskClient client, CancellationToken ct) => m.SubmitApprovalAsync(model, request, client, ct)).AddEndpointFilter<ManagementAccessFilter>();
        api.MapPost("/{model}/rollback", (string model, HttpRequest request, ManagementApi m, CancellationToken ct) => m.RollBackAsync(model, request, ct)).AddEndpointFilter<ManagementAccessFilter>();
        api.MapGet("/{model}/quality", (string model, HttpRequest request, MonitoringApi m, CancellationToken ct) => m.GetQualityAsync(model, request, ct));
        api.MapGet("/{model}/approval", (string model, MonitoringApi m, CancellationToken ct) => m.GetPendingApprovalAsync(model, ct));
        api.MapGet("/{model}/runs/{runId}/drift.html", (string model, string runId, HttpResponse response, MonitoringApi m, CancellationToken ct) => m.GetDriftPageAsync(model, runId, response, ct));
        return endpoints;
    }
}
