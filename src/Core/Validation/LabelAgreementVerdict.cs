namespace RetrainFunctions.Core.Validation;

/// <summary>What the label-agreement check concluded about a batch (<see cref="LabelAgreementCheck"/>).</summary>
public enum LabelAgreementVerdict
{
    /// <summary>Not judged: too few rows, or the production model cannot be cross-fitted.</summary>
    Skipped,

    /// <summary>Production's error on the batch is not significantly above its expected error: the labels agree.</summary>
    Agrees,

    /// <summary>Production's error rose significantly, but models trained on half of the batch predict the other half clearly better: a new concept.</summary>
    NewConcept,

    /// <summary>Production's error rose significantly and the batch's labels are not learnable from its features: quarantined.</summary>
    Corrupted,
}
