namespace RetrainFunctions.Core.Specs;

/// <summary>One field that differs between two spec documents.</summary>
/// <param name="Field">The field's path (<c>gate.metric</c>, <c>features[income].type</c>: list items with a name are keyed by it).</param>
/// <param name="Before">Its JSON value before, or <see langword="null"/> when it was added.</param>
/// <param name="After">Its JSON value after, or <see langword="null"/> when it was removed.</param>
public sealed record SpecDifference(string Field, string? Before, string? After)
{
    /// <summary>One line for people: <c>+ field: value</c>, <c>- field: value</c> or <c>~ field: before -> after</c>.</summary>
    public override string ToString() => (Before, After) switch
    {
        (null, _) => $"+ {Field}: {After}",
        (_, null) => $"- {Field}: {Before}",
        _ => $"~ {Field}: {Before} -> {After}",
    };
}
