namespace RetrainFunctions.Benchmarks;

/// <summary>Which part of <see cref="PipelineBenchmark"/> runs (one part per process gives clean peak-memory figures).</summary>
public enum BenchPart
{
    /// <summary>The pipeline run, then the bare baseline.</summary>
    Both,

    /// <summary>The timed pipeline run only.</summary>
    Pipeline,

    /// <summary>The bare ML.NET baseline only.</summary>
    Baseline,
}
