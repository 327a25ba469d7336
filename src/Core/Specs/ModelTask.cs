namespace RetrainFunctions.Core.Specs;

/// <summary>The learning tasks RetrainFunctions trains for.</summary>
public enum ModelTask
{
    /// <summary>Two classes; the label's positive class is named in <see cref="LabelSpec.PositiveClass"/>.</summary>
    BinaryClassification,

    /// <summary>Three or more classes.</summary>
    MulticlassClassification,

    /// <summary>A numeric label.</summary>
    Regression,
}
