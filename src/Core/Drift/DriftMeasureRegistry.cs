using RetrainFunctions.Core.Drift.Measures;
using RetrainFunctions.Core.Profiling;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Drift;

/// <summary>
/// The drift measures a host knows, by name. Registered once by <c>AddRetrainCore</c> (the built-ins) plus any
/// <c>AddRetrainDriftMeasure&lt;T&gt;()</c>; resolved from the host's service provider, or <see cref="BuiltIn"/> where
/// there is none (the drift replay, the benchmarks).
/// </summary>
public sealed class DriftMeasureRegistry
{
    private readonly List<IDriftMeasure> _measures = [];

    /// <summary>Initializes a new instance of the <see cref="DriftMeasureRegistry"/> class.</summary>
    /// <exception cref="ArgumentException">Two measures have the same name.</exception>
    public DriftMeasureRegistry(IEnumerable<IDriftMeasure> measures)
    {
        ArgumentNullException.ThrowIfNull(measures);
        var byName = new Dictionary<string, IDriftMeasure>(StringComparer.OrdinalIgnoreCase);
        foreach (var measure in measures)
        {
            if (!byName.TryAdd(measure.Name, measure))
            {
                throw new ArgumentException($"Two drift measures are named '{measure.Name}': {byName[measure.Name].GetType().Name} and {measure.GetType().Name}.", nameof(measures));
            }

            _measures.Add(measure);
        }
    }

    /// <summary>Gets the registry of the built-in measures (<see cref="BuiltInDriftMeasures.All"/>), the set <c>AddRetrainCore</c> registers.</summary>
    public static DriftMeasureRegistry BuiltIn { get; } = new(BuiltInDriftMeasures.All);

    /// <summary>Gets the names of every registered measure, in registration order.</summary>
    public IReadOnlyList<string> Names => [.. _measures.Select(m => m.Name)];

    /// <summary>Measures <paramref name="current"/> against <paramref name="reference"/> with every measure that applies to their kind, in registration order.</summary>
    public IReadOnlyList<DriftMeasurement> Measure(ColumnProfile reference, ColumnProfile current, DriftSpec spec)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(spec);
        return [.. _measures.Where(m => m.AppliesTo(current.Kind)).Select(m => m.Measure(reference, current, spec))];
    }
}
