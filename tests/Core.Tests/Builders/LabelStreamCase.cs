namespace RetrainFunctions.Core.Tests.Builders;

/// <summary>What a batch of <see cref="LabelStream"/> holds.</summary>
internal enum LabelStreamCase
{
    /// <summary>The production concept.</summary>
    Same,

    /// <summary>The threshold on x1 moved: a genuine abrupt concept change.</summary>
    Shifted,

    /// <summary>The production concept with a share of the labels flipped at random.</summary>
    Flipped,
}
