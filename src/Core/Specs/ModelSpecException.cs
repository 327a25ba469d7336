namespace RetrainFunctions.Core.Specs;

/// <summary>A model spec is missing or invalid. The message names every problem: field, what is wrong, what is allowed.</summary>
public sealed class ModelSpecException : Exception
{
    public ModelSpecException()
    {
    }

    public ModelSpecException(string message)
        : base(message)
    {
    }

    public ModelSpecException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the individual problems, one per field.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
