namespace RetrainFunctions.Core.Validation;

/// <summary>How serious a validation finding is.</summary>
public enum FindingSeverity
{
    /// <summary>Reported; the batch is still accepted.</summary>
    Warning,

    /// <summary>The batch is quarantined.</summary>
    Error,
}
