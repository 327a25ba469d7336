using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Serving;

/// <summary>The answer to one prediction request: every row was scored by the one version named here.</summary>
/// <param name="Model">The model.</param>
/// <param name="Version">The production version that scored every row.</param>
/// <param name="Task">The model's task (says how to read <see cref="Predictions"/>).</param>
/// <param name="Predictions">One prediction per row, in request order.</param>
public sealed record PredictionResult(string Model, string Version, ModelTask Task, IReadOnlyList<Prediction> Predictions);
