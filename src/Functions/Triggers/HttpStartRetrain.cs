using System.Net;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Hosting;

namespace RetrainFunctions.Functions.Triggers;

/// <summary>
/// HTTP trigger <c>POST /api/models/{model}/runs[?force=true]</c> (function key): starts a run of the model, or joins
/// the run in progress. Always 202 with the Durable status URLs of the instance handling the request; 400 with a
/// problem document for an invalid model name.
/// </summary>
public sealed class HttpStartRetrain(RunStarterFactory starters, ILogger<HttpStartRetrain> logger)
{
    private const string ProblemJson = "application/problem+json";

    /// <summary>Starts or coalesces a run of <paramref name="model"/>.</summary>
    [Function(nameof(HttpStartRetrain))]
    public async Task<HttpResponseData> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "models/{model}/runs")] HttpRequestData request,
        string model,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        if (ModelName.Explain(model) is { } problem)
        {
            Log.HttpInvalidModel(logger, model, problem);
            return await JsonAsync(request, HttpStatusCode.BadRequest, ProblemJson, new ProblemDetails
            {
                Type = "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
                Title = "Invalid model name",
                Status = (int)HttpStatusCode.BadRequest,
                Detail = $"Invalid model name: {problem}.",
            }, cancellationToken);
        }

        var force = bool.TryParse(request.Query["force"], out var parsed) && parsed;
        var start = await starters.Create(client).StartAsync(new RetrainRequest(model, RunTrigger.Http, force), cancellationToken);
        Log.HttpRunRequested(logger, model, start.Kind, start.InstanceId);
        if (!start.Coalesced)
        {
            return await client.CreateCheckStatusResponseAsync(request, start.InstanceId, cancellationToken);
        }

        var urls = client.CreateHttpManagementPayload(start.InstanceId, request);
        var response = await JsonAsync(request, HttpStatusCode.Accepted, "application/json", new CoalescedRunResponse(
            start.InstanceId,
            model,
            Coalesced: true,
            start.Status,
            $"A run of model '{model}' is already in progress; this request joined it and the instance continues with a new run when the current one ends.",
            urls.StatusQueryGetUri,
            urls.SendEventPostUri,
            urls.TerminatePostUri,
            urls.PurgeHistoryDeleteUri), cancellationToken);
        if (urls.StatusQueryGetUri is not null)
        {
            response.Headers.Add("Location", urls.StatusQueryGetUri);
        }

        response.Headers.Add("Retry-After", "10");
        return response;
    }

    private static async Task<HttpResponseData> JsonAsync<T>(
        HttpRequestData request, HttpStatusCode status, string contentType, T body, CancellationToken cancellationToken)
    {
        var response = request.CreateResponse();
        await response.WriteAsJsonAsync(body, contentType, cancellationToken);

        // Set after writing: some WriteAsJsonAsync versions reset the status to 200.
        response.StatusCode = status;
        return response;
    }
}
