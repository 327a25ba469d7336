using System.Globalization;
using Microsoft.ML;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Training.Trainers;

namespace RetrainFunctions.Core.Training;

/// <summary>
/// The trainers a host knows, by name: what the spec validator accepts and what <see cref="ModelTrainer"/> builds.
/// Registered once by <c>AddRetrainCore</c> (the built-ins) plus any <c>AddRetrainTrainer&lt;T&gt;()</c>; resolved from
/// the host's service provider, or <see cref="BuiltIn"/> where there is none.
/// </summary>
public sealed class TrainerRegistry
{
    private readonly List<ITrainerPlugin> _trainers = [];
    private readonly Dictionary<TrainerKind, ITrainerPlugin> _byKind = [];

    /// <summary>Initializes a new instance of the <see cref="TrainerRegistry"/> class.</summary>
    /// <exception cref="ArgumentException">Two trainers have the same name.</exception>
    public TrainerRegistry(IEnumerable<ITrainerPlugin> trainers)
    {
        ArgumentNullException.ThrowIfNull(trainers);
        foreach (var trainer in trainers)
        {
            if (!_byKind.TryAdd(trainer.Kind, trainer))
            {
                throw new ArgumentException($"Two trainers are named '{trainer.Kind}': {_byKind[trainer.Kind].GetType().Name} and {trainer.GetType().Name}.", nameof(trainers));
            }

            _trainers.Add(trainer);
        }
    }

    /// <summary>Gets the registry of the built-in trainers (<see cref="BuiltInTrainers.All"/>), the set <c>AddRetrainCore</c> registers.</summary>
    public static TrainerRegistry BuiltIn { get; } = new(BuiltInTrainers.All);

    /// <summary>Gets the names of every registered trainer, in registration order.</summary>
    public IReadOnlyList<TrainerKind> Kinds => [.. _trainers.Select(t => t.Kind)];

    /// <summary>Returns the names of the registered trainers that can train <paramref name="task"/>.</summary>
    public IReadOnlyList<TrainerKind> KindsFor(ModelTask task) => [.. _trainers.Where(t => t.Supports(task)).Select(t => t.Kind)];

    /// <summary>Returns whether a trainer named <paramref name="trainer"/> is registered.</summary>
    public bool Contains(TrainerKind trainer) => _byKind.ContainsKey(trainer);

    /// <summary>
    /// The trainers an ensemble <paramref name="trainer"/> combines: those of <paramref name="specTrainers"/>, in order,
    /// that are registered, can train <paramref name="task"/> and are not themselves ensembles.
    /// </summary>
    public IReadOnlyList<TrainerKind> MembersOf(TrainerKind trainer, ModelTask task, IReadOnlyList<TrainerKind> specTrainers)
    {
        ArgumentNullException.ThrowIfNull(specTrainers);
        return [.. specTrainers.Where(kind => kind != trainer && _byKind.TryGetValue(kind, out var member) && !member.CombinesOthers && member.Supports(task)).Distinct()];
    }

    /// <summary>Returns whether <paramref name="trainer"/> is registered and combines other trainers (an ensemble).</summary>
    public bool CombinesOthers(TrainerKind trainer) => _byKind.TryGetValue(trainer, out var plugin) && plugin.CombinesOthers;

    /// <summary>Returns whether <paramref name="trainer"/> is registered and can train <paramref name="task"/>.</summary>
    public bool Supports(TrainerKind trainer, ModelTask task) => _byKind.TryGetValue(trainer, out var plugin) && plugin.Supports(task);

    /// <summary>
    /// Creates the recipe of <paramref name="trainer"/> for <paramref name="task"/>; <paramref name="threads"/> null means
    /// ML.NET's default; <paramref name="weightColumn"/>, when set, is the trainer's example-weight column. The recorded
    /// parameters start with the seed, threads and weight column; a multiclass estimator is followed by the mapping of
    /// the predicted key back to the class name, so the saved model predicts class names.
    /// </summary>
    /// <param name="ml">The run's ML.NET context.</param>
    /// <param name="task">The learning task.</param>
    /// <param name="trainer">The trainer.</param>
    /// <param name="threads">The trainer's thread count; null means ML.NET's default.</param>
    /// <param name="weightColumn">The example-weight column, or null.</param>
    /// <param name="specTrainers">
    /// The spec's trainers (<see cref="ModelSpec.EffectiveTrainers"/>): a trainer that <see cref="ITrainerPlugin.CombinesOthers"/>
    /// gets the recipes of the others among them that can train <paramref name="task"/> (<see cref="MembersOf"/>).
    /// </param>
    /// <param name="fittedMembers">
    /// Members already fitted on the same rows (a combining trainer's reused candidates): each is used as it is, with
    /// its recipe's parameters, instead of being fitted again.
    /// </param>
    /// <exception cref="NotSupportedException">The trainer is not registered or cannot train <paramref name="task"/>.</exception>
    public TrainerRecipe CreateRecipe(MLContext ml, ModelTask task, TrainerKind trainer, int? threads, string? weightColumn = null, IReadOnlyList<TrainerKind>? specTrainers = null, IReadOnlyDictionary<TrainerKind, ITransformer>? fittedMembers = null)
    {
        ArgumentNullException.ThrowIfNull(ml);
        if (!_byKind.TryGetValue(trainer, out var plugin) || !plugin.Supports(task))
        {
            throw new NotSupportedException($"Trainer '{trainer}' cannot train {task}; registered for {task}: {string.Join(", ", KindsFor(task))}.");
        }

        var members = plugin.CombinesOthers
            ? [.. MembersOf(trainer, task, specTrainers ?? []).Select(kind => (kind, Member(_byKind[kind].Create(new TrainerContext(ml, task, threads, weightColumn)), fittedMembers?.GetValueOrDefault(kind))))]
            : Array.Empty<(TrainerKind, TrainerRecipe)>();
        var recipe = plugin.Create(new TrainerContext(ml, task, threads, weightColumn) { Members = members });
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Seed"] = MlContexts.Seed.ToString(CultureInfo.InvariantCulture),
            ["NumberOfThreads"] = threads is { } t ? t.ToString(CultureInfo.InvariantCulture) : "default",
        };
        if (weightColumn is not null)
        {
            parameters["ExampleWeightColumnName"] = weightColumn;
        }

        foreach (var (name, value) in recipe.Parameters)
        {
            parameters[name] = value;
        }

        var estimator = task == ModelTask.MulticlassClassification
            ? recipe.Estimator.Append(ml.Transforms.Conversion.MapKeyToValue(MlColumns.PredictedLabel))
            : recipe.Estimator;
        return new TrainerRecipe(estimator, parameters, recipe.CacheFeatures);
    }

    private static TrainerRecipe Member(TrainerRecipe recipe, ITransformer? fitted) =>
        fitted is null ? recipe : recipe with { Estimator = new FittedEstimator(recipe.Estimator, fitted), CacheFeatures = false };

    /// <summary>An estimator whose fit is already done: <see cref="Fit"/> returns the fitted model without reading the rows.</summary>
    private sealed class FittedEstimator(IEstimator<ITransformer> estimator, ITransformer fitted) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input) => fitted;

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => estimator.GetOutputSchema(inputSchema);
    }
}
