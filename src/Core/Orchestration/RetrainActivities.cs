using Microsoft.DurableTask;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Policies;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Training;
using RetrainFunctions.Core.Validation;

namespace RetrainFunctions.Core.Orchestration;

/// <summary>
/// The catalogue of <see cref="RetrainOrchestrator"/>'s activities: each declared once, with its name, input, output,
/// retry policy and the Core service call that does its work. The in-process engine registers <see cref="All"/>; the
/// Functions app has one one-line <c>[Function]</c> wrapper per entry (its worker indexes only methods it sees at
/// compile time), and a test checks that the wrappers match this catalogue.
/// </summary>
public static class RetrainActivities
{
    /// <summary>Storage-bound steps: quick, retried on transient faults; a spec error is final.</summary>
    public static readonly TaskOptions StorageRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5,
        firstRetryInterval: TimeSpan.FromSeconds(1),
        backoffCoefficient: 2.0,
        maxRetryInterval: TimeSpan.FromSeconds(30))
    {
        HandleFailure = failure => !failure.IsCausedBy<ModelSpecException>(),
    });

    /// <summary>CPU-bound steps (probation, features, training, evaluation): a retry or two, further apart.</summary>
    public static readonly TaskOptions ComputeRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 3,
        firstRetryInterval: TimeSpan.FromSeconds(2),
        backoffCoefficient: 2.0,
        maxRetryInterval: TimeSpan.FromMinutes(1)));

    /// <summary>Gets the activity that turns new files under <c>incoming/{model}/</c> into pending batches.</summary>
    public static RetrainActivity<DataCollector, CollectRequest, CollectResult> CollectTrainingData { get; } =
        new(RetrainActivityNames.CollectTrainingData, StorageRetry, (collector, input, cancellationToken) => collector.CollectAsync(input, cancellationToken));

    /// <summary>Gets the activity that validates pending batches, accepting or quarantining each.</summary>
    public static RetrainActivity<DatasetValidator, ValidateRequest, ValidationResult> ValidateDataset { get; } =
        new(RetrainActivityNames.ValidateDataset, StorageRetry, (validator, input, cancellationToken) => validator.ValidateAsync(input, cancellationToken));

    /// <summary>Gets the activity that judges the newest deployment on new labels and rolls it back if it is significantly worse.</summary>
    public static RetrainActivity<ProbationMonitor, ProbationRequest, ProbationResult> CheckProbation { get; } =
        new(RetrainActivityNames.CheckProbation, ComputeRetry, (monitor, input, cancellationToken) => monitor.CheckAsync(input, cancellationToken));

    /// <summary>Gets the activity that decides whether this run retrains, under the model's policy.</summary>
    public static RetrainActivity<RetrainDecider, DecideRetrainRequest, PolicyDecision> DecideRetrain { get; } =
        new(RetrainActivityNames.DecideRetrain, StorageRetry, (decider, input, cancellationToken) => decider.DecideAsync(input, cancellationToken));

    /// <summary>Gets the activity that assembles the time-ordered, split training snapshot.</summary>
    public static RetrainActivity<DataCollector, SnapshotRequest, SnapshotRef> AssembleTrainingSnapshot { get; } =
        new(RetrainActivityNames.AssembleTrainingSnapshot, StorageRetry, (collector, input, cancellationToken) => collector.AssembleSnapshotAsync(input, cancellationToken));

    /// <summary>Gets the activity that fits the spec's feature pipeline on the train split.</summary>
    public static RetrainActivity<FeatureEngineer, FeaturesRequest, FeaturesResult> EngineerFeatures { get; } =
        new(RetrainActivityNames.EngineerFeatures, ComputeRetry, (engineer, input, cancellationToken) => engineer.EngineerAsync(input, cancellationToken));

    /// <summary>Gets the activity that trains one candidate.</summary>
    public static RetrainActivity<ModelTrainer, TrainRequest, CandidateResult> TrainModel { get; } =
        new(RetrainActivityNames.TrainModel, ComputeRetry, (trainer, input, cancellationToken) => trainer.TrainAsync(input, cancellationToken));

    /// <summary>Gets the activity that scores the challenger against production and applies the gate.</summary>
    public static RetrainActivity<ModelEvaluator, EvaluateRequest, EvaluationResult> EvaluateModel { get; } =
        new(RetrainActivityNames.EvaluateModel, ComputeRetry, (evaluator, input, cancellationToken) => evaluator.EvaluateAsync(input, cancellationToken));

    /// <summary>Gets the activity that refits the promoted challenger on the whole window.</summary>
    public static RetrainActivity<ModelTrainer, RefitRequest, RefitResult> RefitModel { get; } =
        new(RetrainActivityNames.RefitModel, ComputeRetry, (trainer, input, cancellationToken) => trainer.RefitAsync(input, cancellationToken));

    /// <summary>Gets the activity that writes the new version and flips the production pointer.</summary>
    public static RetrainActivity<ModelDeployer, DeployRequest, DeployResult> DeployModel { get; } =
        new(RetrainActivityNames.DeployModel, StorageRetry, (deployer, input, cancellationToken) => deployer.DeployAsync(input, cancellationToken));

    /// <summary>Gets the activity that writes the run record.</summary>
    public static RetrainActivity<RunRecorder, RunRecord, string> RecordRun { get; } =
        new(RetrainActivityNames.RecordRun, StorageRetry, (recorder, input, cancellationToken) => recorder.RecordAsync(input, cancellationToken));

    /// <summary>Gets every activity, in pipeline order.</summary>
    public static IReadOnlyList<IRetrainActivity> All { get; } =
    [
        CollectTrainingData, ValidateDataset, CheckProbation, DecideRetrain, AssembleTrainingSnapshot, EngineerFeatures,
        TrainModel, EvaluateModel, RefitModel, DeployModel, RecordRun,
    ];
}
