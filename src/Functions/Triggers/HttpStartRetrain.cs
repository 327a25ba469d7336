using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using RetrainFunctions.Api;

namespace RetrainFunctions.Functions.Triggers;

/// <summary>
/// HTTP trigger <c>POST /api/models/{model}/runs[?force=true]</c> (function key): starts a run of the model, or joins
/// the run in progress, through <see cref="ManagementApi.StartRunAsync"/> — the one start-run contract that
/// <c>retrain serve</c> answers too (202 with <c>Location</c>, <c>Retry-After</c> and a <see cref="RunAccepted"/>
/// body naming the instance and the run that will cover the request; 400/404 problem+json).
/// </summary>
public sealed class HttpStartRetrain(ManagementApi api)
{
    /// <summary>Starts or coalesces a run of <paramref name="model"/>.</summary>
    [Function(nameof(HttpStartRetrain))]
    public Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "models/{model}/runs")] HttpRequest request,
        string model,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        return api.StartRunAsync(model, request, client, request.HttpContext.RequestAborted);
    }
}
