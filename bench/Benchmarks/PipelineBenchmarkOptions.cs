namespace RetrainFunctions.Benchmarks;

/// <summary>What <see cref="PipelineBenchmark"/> runs.</summary>
/// <param name="Rows">Rows of the reference and of the current dataset.</param>
/// <param name="Threads">Threads for LightGbm, in the pipeline and in the baseline.</param>
/// <param name="Part">Which part runs.</param>
/// <param name="Python">Then run the Python stack (<see cref="PythonStack"/>) on the same files.</param>
/// <param name="InitSpec">
/// Time the pipeline with the spec <c>retrain init</c> infers from the reference file (its default trainers × candidate
/// windows, with the bench's window) instead of the bench's own spec (one trainer, one window).
/// </param>
public sealed record PipelineBenchmarkOptions(int Rows, int Threads, BenchPart Part, bool Python, bool InitSpec = false);
