namespace RetrainFunctions.Core.Storage;

/// <summary>The requested artifact does not exist in the store.</summary>
public sealed class ArtifactNotFoundException : Exception
{
    public ArtifactNotFoundException()
    {
    }

    public ArtifactNotFoundException(string message)
        : base(message)
    {
    }

    public ArtifactNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public static ArtifactNotFoundException For(string path, Exception? inner = null)
    {
        var message = $"Artifact '{path}' does not exist.";
        return inner is null ? new(message) : new(message, inner);
    }
}
