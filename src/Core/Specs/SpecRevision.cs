namespace RetrainFunctions.Core.Specs;

/// <summary>One spec document a model has had (<c>spec-history/{model}/{digest}.json</c>).</summary>
/// <param name="Digest">SHA-256 of the document, as recorded by the runs and versions trained under it.</param>
/// <param name="StoredAt">When it was first stored.</param>
public sealed record SpecRevision(string Digest, DateTimeOffset StoredAt);
