using System.Text.Json.Serialization;

namespace RetrainFunctions.Core.Specs;

/// <summary>
/// The name of a trainer a spec can list, as stored in spec documents (<c>"LightGbm"</c>). The trainers themselves are
/// <see cref="Training.ITrainerPlugin"/> implementations in the host's <see cref="Training.TrainerRegistry"/>; the
/// built-in names are the static properties below. Names compare case-insensitively and a built-in name is kept in its
/// canonical spelling, as the enum this type replaces parsed them.
/// </summary>
/// <remarks>
/// In orchestration histories a built-in name is written as the number the enum gave it (LightGbm 0 … Sdca 5), so
/// recorded and in-flight histories replay unchanged; other names are written as strings (see
/// <see cref="TrainerKindJsonConverter"/>). Documents (<c>RetrainJson</c>) always hold the name.
/// </remarks>
[JsonConverter(typeof(TrainerKindJsonConverter))]
public readonly struct TrainerKind : IEquatable<TrainerKind>
{
    private readonly string? _name;

    /// <summary>Gets the built-in names in the order of the enum's numbers (an index is the number histories hold);
    /// declared first: the properties below are initialized in order and canonicalize through it.</summary>
    internal static IReadOnlyList<string> BuiltInNames { get; } =
        [nameof(LightGbm), nameof(FastTree), nameof(FastForest), nameof(LbfgsLogisticRegression), nameof(LbfgsMaximumEntropy), nameof(Sdca)];

    /// <summary>
    /// Gets every built-in name in its canonical spelling: those of the enum, then those added after it (written as names
    /// in histories, since they have no number there).
    /// </summary>
    private static IReadOnlyList<string> CanonicalNames { get; } = [.. BuiltInNames, nameof(Ensemble)];

    /// <summary>Initializes a new instance of the <see cref="TrainerKind"/> struct.</summary>
    /// <param name="name">The trainer's name; a built-in name in any casing becomes its canonical spelling.</param>
    public TrainerKind(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _name = CanonicalNames.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) ?? name;
    }

    /// <summary>Gets LightGBM gradient-boosted trees (binary, multiclass, regression).</summary>
    public static TrainerKind LightGbm { get; } = new(nameof(LightGbm));

    /// <summary>Gets FastTree boosted trees (binary, regression; multiclass as one-versus-all).</summary>
    public static TrainerKind FastTree { get; } = new(nameof(FastTree));

    /// <summary>Gets FastForest random forest (binary, regression).</summary>
    public static TrainerKind FastForest { get; } = new(nameof(FastForest));

    /// <summary>Gets L-BFGS logistic regression (binary).</summary>
    public static TrainerKind LbfgsLogisticRegression { get; } = new(nameof(LbfgsLogisticRegression));

    /// <summary>Gets L-BFGS maximum entropy (multiclass).</summary>
    public static TrainerKind LbfgsMaximumEntropy { get; } = new(nameof(LbfgsMaximumEntropy));

    /// <summary>Gets SDCA: logistic regression (binary), maximum entropy (multiclass) or least squares (regression).</summary>
    public static TrainerKind Sdca { get; } = new(nameof(Sdca));

    /// <summary>
    /// Gets the ensemble: the mean of the predictions of the spec's other trainers, each fitted on the same rows (binary:
    /// their probabilities; regression: their values). See <see cref="Training.Trainers.EnsemblePlugin"/>.
    /// </summary>
    public static TrainerKind Ensemble { get; } = new(nameof(Ensemble));

    /// <summary>Gets the trainer's name (empty for <see langword="default"/>).</summary>
    public string Name => _name ?? string.Empty;

    /// <summary>Returns whether two names are the same trainer (case-insensitive).</summary>
    public static bool operator ==(TrainerKind left, TrainerKind right) => left.Equals(right);

    /// <summary>Returns whether two names are different trainers.</summary>
    public static bool operator !=(TrainerKind left, TrainerKind right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(TrainerKind other) => string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is TrainerKind other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Name);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
