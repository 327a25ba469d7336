using System.ComponentModel.DataAnnotations;

namespace RetrainFunctions.Core.Training;

/// <summary>Knobs of candidate training (configuration section <c>Training</c>, e.g. <c>Training__NumberOfThreads</c>).</summary>
public sealed class TrainingOptions
{
    /// <summary>The configuration section: <c>Training</c>.</summary>
    public const string SectionName = "Training";

    /// <summary>
    /// Gets or sets the threads each trainer may use (LightGbm, FastTree, FastForest, SDCA, L-BFGS). On a small shared
    /// machine use 1 (or set <c>OMP_WAIT_POLICY=PASSIVE</c>): LightGBM's OpenMP threads spin and collapse under contention.
    /// <value>Default: unset (ML.NET's default, usually one per core).</value>
    /// </summary>
    [Range(1, 512)]
    public int? NumberOfThreads { get; set; }
}
