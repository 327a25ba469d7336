namespace RetrainFunctions.Core.Storage;

/// <summary>The artifact store adapters.</summary>
public enum ArtifactStoreKind
{
    /// <summary>A folder on the local disk (the default).</summary>
    LocalFolder,

    /// <summary>One container of Azure Blob Storage (or Azurite).</summary>
    AzureBlob,
}
