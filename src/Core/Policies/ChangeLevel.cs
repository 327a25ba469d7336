namespace RetrainFunctions.Core.Policies;

/// <summary>What a change detector concludes about the stream it watches.</summary>
public enum ChangeLevel
{
    /// <summary>No change.</summary>
    None,

    /// <summary>Possible change (DDM's warning level).</summary>
    Warning,

    /// <summary>Change detected: the error has risen.</summary>
    Drift,
}
