using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Training;

/// <summary>
/// One trainer a spec can list by <see cref="Kind"/>. Adding one is this class plus one registration:
/// <c>services.AddRetrainTrainer&lt;MyTrainer&gt;()</c>, or a line in <see cref="Trainers.BuiltInTrainers"/> to ship it
/// with every host (<c>AddRetrainCore</c> and the static contexts such as <c>retrain init</c> share that list).
/// </summary>
/// <remarks>
/// The estimator runs after the run's featurizer, on the columns <c>Features</c>, <c>Label</c> and, when
/// <see cref="TrainerContext.WeightColumn"/> is set, that example-weight column. It must produce ML.NET's standard
/// outputs for the task: a calibrated <c>Probability</c> (binary; append a calibrator if the trainer has none), a key
/// <c>PredictedLabel</c> with <c>Score</c> (multiclass; the registry maps the key back to the class name) or <c>Score</c>
/// (regression). Hyper-parameters are fixed by the implementation and listed in <see cref="TrainerRecipe.Parameters"/>
/// for lineage. Which trainers compete when a spec names none is fixed (<see cref="TrainerKinds.DefaultsFor"/>): it is
/// part of the spec's meaning in every host and of replayed orchestration histories.
/// </remarks>
public interface ITrainerPlugin
{
    /// <summary>Gets the name specs use for this trainer (compared case-insensitively).</summary>
    TrainerKind Kind { get; }

    /// <summary>Returns whether this trainer can train a model for <paramref name="task"/>.</summary>
    bool Supports(ModelTask task);

    /// <summary>
    /// Gets whether this trainer combines the spec's other trainers (an ensemble): the registry then passes their recipes
    /// in <see cref="TrainerContext.Members"/>. False for an ordinary trainer.
    /// </summary>
    bool CombinesOthers => false;

    /// <summary>Creates the estimator of <see cref="TrainerContext.Task"/>, one the trainer <see cref="Supports"/>.</summary>
    TrainerRecipe Create(TrainerContext context);
}
