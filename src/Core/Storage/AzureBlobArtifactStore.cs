namespace RetrainFunctions.Core.Storage;

/// <summary>The artifact store on one Azure Blob Storage container.</summary>
public sealed class AzureBlobArtifactStore
{
}
