namespace RetrainFunctions.Core.Collection;

/// <summary>What the production version has seen, read from its version manifest and its snapshot's manifest.</summary>
/// <param name="Version">The production version.</param>
/// <param name="SeenBatches">Batch ids production trained or was selected on; null when its lineage cannot be read.</param>
public sealed record ProductionLineage(string Version, IReadOnlySet<string>? SeenBatches);
