namespace RetrainFunctions.Core.Serving;

/// <summary>
/// One validated input row in spec feature order: numeric features as <see cref="float"/> (missing = NaN) and
/// categorical features as text (missing = empty), exactly as the training loader reads a CSV row.
/// </summary>
internal sealed class FeatureRow(int count)
{
    public float[] Numbers { get; } = new float[count];

    public ReadOnlyMemory<char>[] Texts { get; } = new ReadOnlyMemory<char>[count];
}
