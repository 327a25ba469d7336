using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Training;

/// <summary>Trains one candidate on the train split and scores it on the validation split.</summary>
public sealed class ModelTrainer(IArtifactStore store, TimeProvider timeProvider, ILogger<ModelTrainer> logger)
{
    /// <summary>Trains one candidate on the train split and scores it on the validation split.</summary>
    public Task<CandidateResult> TrainAsync(TrainRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        _ = (store, timeProvider, logger, cancellationToken);
        throw new NotImplementedException();
    }
}
