namespace RetrainFunctions.Core.Orchestration;

/// <summary>
/// The names of <see cref="RetrainActivities"/>, as constants: a Functions <c>[Function]</c> attribute needs one.
/// They are the names in every orchestration history: never rename one (see <see cref="RetrainOrchestrator"/>'s remarks).
/// </summary>
public static class RetrainActivityNames
{
    /// <summary>Turns new files under <c>incoming/{model}/</c> into content-addressed pending batches.</summary>
    public const string CollectTrainingData = nameof(CollectTrainingData);

    /// <summary>Validates pending batches; accepts or quarantines each with its report.</summary>
    public const string ValidateDataset = nameof(ValidateDataset);

    /// <summary>Judges the newest deployment on this run's new labeled data and rolls it back if it is significantly worse.</summary>
    public const string CheckProbation = nameof(CheckProbation);

    /// <summary>Decides whether this run retrains, under the model's policy.</summary>
    public const string DecideRetrain = nameof(DecideRetrain);

    /// <summary>Assembles the accepted batches inside the window into a time-ordered, split training snapshot.</summary>
    public const string AssembleTrainingSnapshot = nameof(AssembleTrainingSnapshot);

    /// <summary>Fits the spec's feature pipeline on the snapshot's train split.</summary>
    public const string EngineerFeatures = nameof(EngineerFeatures);

    /// <summary>Trains one candidate and scores it on the validation split.</summary>
    public const string TrainModel = nameof(TrainModel);

    /// <summary>Scores the challenger and production on the same rows and applies the gate.</summary>
    public const string EvaluateModel = nameof(EvaluateModel);

    /// <summary>Refits the promoted challenger's recipe on the whole window and smoke-checks it.</summary>
    public const string RefitModel = nameof(RefitModel);

    /// <summary>Writes the new version, then flips the production pointer with an ETag condition.</summary>
    public const string DeployModel = nameof(DeployModel);

    /// <summary>Writes the run record.</summary>
    public const string RecordRun = nameof(RecordRun);
}
