namespace RetrainFunctions.Core.Storage;

/// <summary>The default artifact store: a folder on the local disk.</summary>
public sealed class LocalFolderArtifactStore
{
}
