using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Validation;

/// <summary>Validates pending batches against the spec; accepts or quarantines each.</summary>
public sealed class DatasetValidator(IArtifactStore store, TimeProvider timeProvider, ILogger<DatasetValidator> logger)
{
    /// <summary>Validates pending batches against the spec; accepts or quarantines each.</summary>
    public Task<ValidationResult> ValidateAsync(ValidateRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        _ = (store, timeProvider, logger, cancellationToken);
        throw new NotImplementedException();
    }
}
