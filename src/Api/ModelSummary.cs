using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Api;

/// <summary>One entry of <c>GET /api/models</c>.</summary>
/// <param name="Name">The model.</param>
/// <param name="Task">Its task.</param>
/// <param name="Metric">The gate metric.</param>
/// <param name="Production">The production pointer, or null before the first deployment.</param>
public sealed record ModelSummary(string Name, ModelTask Task, EvaluationMetric Metric, ProductionPointer? Production);
