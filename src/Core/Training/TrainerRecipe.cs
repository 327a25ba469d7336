using Microsoft.ML;

namespace RetrainFunctions.Core.Training;

/// <summary>What follows the featurizer for one candidate: the trainer (plus calibration or key-to-value mapping).</summary>
/// <param name="Estimator">The estimator fitted on the featurized train split.</param>
/// <param name="Parameters">Its hyper-parameters as invariant strings, for lineage.</param>
/// <param name="CacheFeatures">Whether the featurized train split is cached in memory first (multi-pass linear trainers).</param>
public sealed record TrainerRecipe(IEstimator<ITransformer> Estimator, IReadOnlyDictionary<string, string> Parameters, bool CacheFeatures);
