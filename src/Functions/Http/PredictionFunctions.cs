using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using RetrainFunctions.Api;

namespace RetrainFunctions.Functions.Http;

/// <summary><c>POST /api/models/{model}/predict</c> (function key): one line into <see cref="PredictionApi"/>, as in <c>retrain serve</c>.</summary>
public sealed class PredictionFunctions(PredictionApi api)
{
    [Function(nameof(Predict))]
    public Task<IResult> Predict([HttpTrigger(AuthorizationLevel.Function, "post", Route = "models/{model}/predict")] HttpRequest request, string model) =>
        api.PredictAsync(model, request, request.HttpContext.RequestAborted);
}
