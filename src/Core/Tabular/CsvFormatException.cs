namespace RetrainFunctions.Core.Tabular;

/// <summary>A file cannot be read as CSV. The message says what is wrong and where; <see cref="Line"/> is 1-based.</summary>
public sealed class CsvFormatException : Exception
{
    public CsvFormatException()
    {
    }

    public CsvFormatException(string message)
        : base(message)
    {
    }

    public CsvFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CsvFormatException(string message, long line)
        : base(message)
    {
        Line = line;
    }

    /// <summary>Gets the 1-based line where the problem was found, when known.</summary>
    public long? Line { get; }
}
