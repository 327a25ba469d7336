using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>Scores the best candidate and the production model on the same holdout; the gate decides.</summary>
public sealed class ModelEvaluator(IArtifactStore store, TimeProvider timeProvider, ILogger<ModelEvaluator> logger)
{
    /// <summary>Scores the best candidate and the production model on the same holdout; the gate decides.</summary>
    public Task<EvaluationResult> EvaluateAsync(EvaluateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        _ = (store, timeProvider, logger, cancellationToken);
        throw new NotImplementedException();
    }
}
