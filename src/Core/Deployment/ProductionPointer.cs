namespace RetrainFunctions.Core.Deployment;

/// <summary>The production pointer (<c>models/{model}/production.json</c>); also each history entry.</summary>
/// <param name="Model">The model.</param>
/// <param name="Version">The version serving production.</param>
/// <param name="PreviousVersion">The version it replaced, or null.</param>
/// <param name="Sequence">1 for the first deployment, +1 for every change; orders the history.</param>
/// <param name="ChangedAt">When the pointer changed.</param>
/// <param name="RunId">The run that changed it (or the operator action).</param>
/// <param name="Action">What changed it.</param>
/// <param name="By">Who asked, for an operator's rollback (the person), or null.</param>
public sealed record ProductionPointer(
    string Model,
    string Version,
    string? PreviousVersion,
    long Sequence,
    DateTimeOffset ChangedAt,
    string RunId,
    PointerAction Action,
    string? By = null);
