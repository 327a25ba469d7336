using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Serving;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Api;

/// <summary>
/// <c>POST /api/models/{model}/predict</c>: <c>{"rows": [{"column": value, ...}]}</c> in; the predictions and the one
/// version that made them out. 400 (problem+json naming the field) for a bad model name, an unknown, missing or wrongly
/// typed column or too many rows; 413 for a body over <see cref="ServingOptions.MaxRequestBytes"/>; 404 for a model
/// without a spec or a production version; 503 when the production version cannot be loaded.
/// </summary>
public sealed class PredictionApi(ModelServer server, ILogger<PredictionApi> logger)
{
    /// <summary>Scores the request's rows with the production version of <paramref name="model"/>.</summary>
    public async Task<IResult> PredictAsync(string model, HttpRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (ModelName.Explain(model) is { } invalid)
        {
            return ApiResults.BadRequest("model", $"Invalid model name: {invalid}.");
        }

        var (document, error) = await RequestBody.ReadJsonAsync(request, server.Options.MaxRequestBytes, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        using (document)
        {
            ServedModel? served;
            try
            {
                served = await server.GetProductionAsync(model, cancellationToken);
            }
            catch (ModelSpecException ex)
            {
                return ApiResults.NotFound("model", ex.Message);
            }
            catch (Exception ex) when (ex is ModelIntegrityException or InvalidDataException)
            {
                ApiLog.NotServable(logger, ex, model);
                return ApiResults.Problem(StatusCodes.Status503ServiceUnavailable, "Model unavailable", ex.Message);
            }

            if (served is null)
            {
                return ApiResults.NotFound("model", $"Model '{model}' has no production version yet; run 'retrain run {model}' or POST /api/models/{model}/runs.");
            }

            // One snapshot for the whole request: every row is scored by served.Version.
            if (served.TryPredict(document!.RootElement, server.Options.MaxRowsPerRequest, out var result) is { } problem)
            {
                return ApiResults.BadRequest(problem.Field, problem.Detail);
            }

            return ApiResults.Ok(result);
        }
    }
}
