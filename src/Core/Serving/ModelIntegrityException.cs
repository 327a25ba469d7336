namespace RetrainFunctions.Core.Serving;

/// <summary>A model version's bytes do not match the SHA-256 recorded in its <c>version.json</c>; it is never loaded.</summary>
public sealed class ModelIntegrityException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ModelIntegrityException"/> class.</summary>
    public ModelIntegrityException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModelIntegrityException"/> class.</summary>
    public ModelIntegrityException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ModelIntegrityException"/> class.</summary>
    public ModelIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
