namespace RetrainFunctions.Core.Collection;

/// <summary>Input of <see cref="Orchestration.RetrainActivities.CollectTrainingData"/>.</summary>
/// <param name="Model">The model whose incoming data is collected.</param>
/// <param name="RunId">The run collecting it.</param>
public sealed record CollectRequest(string Model, string RunId);
