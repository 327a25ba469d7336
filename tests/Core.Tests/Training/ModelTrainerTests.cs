using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Tests.Fakes;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Tests.Training;

public sealed class ModelTrainerTests
{
    [Theory]
    [InlineData(nameof(TrainerKind.LightGbm))]
    [InlineData(nameof(TrainerKind.FastTree))]
    [InlineData(nameof(TrainerKind.FastForest))]
    [InlineData(nameof(TrainerKind.LbfgsLogisticRegression))]
    [InlineData(nameof(TrainerKind.Sdca))]
    public async Task TrainAsync_BinaryTrainer_BeatsBaselineWithCalibratedMetrics(string trainerName)
    {
        // Arrange
        var trainer = new TrainerKind(trainerName);
        var store = new InMemoryArtifactStore();
        var snapshot = await new SyntheticSnapshotBuilder().ForTask(ModelTask.BinaryClassification).Build().WriteToAsync(store);

        // Act
        var candidate = await Stages.TrainCandidateAsync(store, snapshot, trainer, "run-1");

        // Assert: every binary metric, log-loss included (FastForest is Platt-calibrated), and a learned signal.
        Assert.Equal(EvaluationMetrics.ForTask(ModelTask.BinaryClassification).Order(), candidate.ValidationMetrics.Keys.Order());
        Assert.True(candidate.ValidationMetrics[EvaluationMetric.Auc] > 0.8, $"AUC {candidate.ValidationMetrics[EvaluationMetric.Auc]}");
        Assert.True(candidate.ValidationMetrics[EvaluationMetric.LogLoss] < 1.0, $"LogLoss {candidate.ValidationMetrics[EvaluationMetric.LogLoss]}");
    }

    [Theory]
    [InlineData(nameof(TrainerKind.LightGbm))]
    [InlineData(nameof(TrainerKind.FastTree))]
    [InlineData(nameof(TrainerKind.LbfgsMaximumEntropy))]
    [InlineData(nameof(TrainerKind.Sdca))]
    public async Task TrainAsync_MulticlassTrainer_BeatsMajorityBaseline(string trainerName)
    {
        // Arrange
        var trainer = new TrainerKind(trainerName);
        var store = new InMemoryArtifactStore();
        var snapshot = await new SyntheticSnapshotBuilder().ForTask(ModelTask.MulticlassClassification).Build().WriteToAsync(store);
        var majority = MajorityShare(snapshot.Splits[DataSplit.Validation]);

        // Act
        var candidate = await Stages.TrainCandidateAsync(store, snapshot, trainer, "run-1");

        // Assert
        Assert.Equal(EvaluationMetrics.ForTask(ModelTask.MulticlassClassification).Order(), candidate.ValidationMetrics.Keys.Order());
        Assert.True(candidate.ValidationMetrics[EvaluationMetric.MicroAccuracy] > majority + 0.15, $"MicroAccuracy {candidate.ValidationMetrics[EvaluationMetric.MicroAccuracy]} vs majority {majority}");
        Assert.True(candidate.ValidationMetrics[EvaluationMetric.MacroAccuracy] > 0.6, $"MacroAccuracy {candidate.ValidationMetrics[EvaluationMetric.MacroAccuracy]}");
    }

    [Theory]
    [InlineData(nameof(TrainerKind.LightGbm))]
    [InlineData(nameof(TrainerKind.FastTree))]
    [InlineData(nameof(TrainerKind.FastForest))]
    [InlineData(nameof(TrainerKind.Sdca))]
    public async Task TrainAsync_RegressionTrainer_ExplainsMostVariance(string trainerName)
    {
        // Arrange
        var trainer = new TrainerKind(trainerName);
        var store = new InMemoryArtifactStore();
        var snapshot = await new SyntheticSnapshotBuilder().ForTask(ModelTask.Regression).Build().WriteToAsync(store);

        // Act
        var candidate = await Stages.TrainCandidateAsync(store, snapshot, trainer, "run-1");

        // Assert
        Assert.Equal(EvaluationMetrics.ForTask(ModelTask.Regression).Order(), candidate.ValidationMetrics.Keys.Order());
        Assert.True(candidate.ValidationMetrics[EvaluationMetric.RSquared] > 0.5, $"R² {candidate.ValidationMetrics[EvaluationMetric.RSquared]}");
    }

    [Theory]
    [InlineData(nameof(TrainerKind.LightGbm), FeatureType.Numeric, "0")]
    [InlineData(nameof(TrainerKind.FastTree), FeatureType.Numeric, "0.5")]
    [InlineData(nameof(TrainerKind.LbfgsLogisticRegression), FeatureType.Numeric, "0")]
    [InlineData(nameof(TrainerKind.Sdca), FeatureType.Numeric, "0.5")]
    [InlineData(nameof(TrainerKind.LightGbm), FeatureType.Categorical, "same")]
    [InlineData(nameof(TrainerKind.LbfgsLogisticRegression), FeatureType.Categorical, "same")]
    public async Task TrainAsync_ColumnConstantInTraining_TrainsWithFiniteMetrics(string trainerName, FeatureType type, string constant)
    {
        // Arrange: x3 holds one value on every train row (as Elec2's vicprice in its first weeks); validation varies.
        var trainer = new TrainerKind(trainerName);
        var store = new InMemoryArtifactStore();
        var snapshot = await new SyntheticSnapshotBuilder().WithX3As(type).WithConstantTrainingX3(constant).Build().WriteToAsync(store);

        // Act
        var candidate = await Stages.TrainCandidateAsync(store, snapshot, trainer, "run-1");

        // Assert
        Assert.All(candidate.ValidationMetrics.Values, value => Assert.True(double.IsFinite(value), $"metric {value}"));
        Assert.True(candidate.ValidationMetrics[EvaluationMetric.Auc] > 0.8, $"AUC {candidate.ValidationMetrics[EvaluationMetric.Auc]}");
    }

    [Fact]
    public async Task TrainAsync_EnsembleReusingItsMembersCandidates_EqualsTheEnsembleThatFitsThem()
    {
        // Arrange: the member candidates of one run, window 0.5, and the run's featurizer.
        var store = new InMemoryArtifactStore();
        var snapshot = await new SyntheticSnapshotBuilder().ForTask(ModelTask.BinaryClassification).Build().WriteToAsync(store);
        var spec = snapshot.Spec with { Trainers = [TrainerKind.LightGbm, TrainerKind.LbfgsLogisticRegression, TrainerKind.Ensemble] };
        var features = await Stages.Engineer(store).EngineerAsync(new FeaturesRequest(snapshot.Model, "run-1", spec, snapshot.Snapshot));
        var template = new TrainRequest(snapshot.Model, "run-1", spec, TrainerKind.LightGbm, snapshot.Snapshot, features.FeaturizerPath, WindowFraction: 0.5);
        var trainer = Stages.Trainer(store);
        var lightGbm = await trainer.TrainAsync(template);
        var logistic = await trainer.TrainAsync(template with { Trainer = TrainerKind.LbfgsLogisticRegression });

        // Act
        var fitted = await trainer.TrainAsync(template with { Trainer = TrainerKind.Ensemble });
        var reused = await trainer.TrainAsync(template with
        {
            Trainer = TrainerKind.Ensemble,
            MemberModels = [new MemberModel(lightGbm.Trainer, lightGbm.ModelPath), new MemberModel(logistic.Trainer, logistic.ModelPath)],
        });

        // Assert: the same model on the same rows (its metrics and calibration), and the record names the reused candidates.
        Assert.Equal(fitted.ValidationMetrics.Keys.Order(), reused.ValidationMetrics.Keys.Order());
        foreach (var (metric, value) in fitted.ValidationMetrics)
        {
            Assert.Equal(value, reused.ValidationMetrics[metric], 6);
        }

        Assert.Equal(fitted.CalibrationSlope!.Value, reused.CalibrationSlope!.Value, 6);
        Assert.Equal(fitted.TrainRows, reused.TrainRows);
        Assert.Equal($"{lightGbm.ModelPath}, {logistic.ModelPath}", reused.Parameters["MembersReused"]);
        Assert.False(fitted.Parameters.ContainsKey("MembersReused"));
        Assert.Equal(fitted.Parameters["Members"], reused.Parameters["Members"]);
    }

    [Fact]
    public async Task TrainAsync_Multiclass_SavedModelPredictsClassNames()
    {
        // Arrange
        var store = new InMemoryArtifactStore();
        var snapshot = await new SyntheticSnapshotBuilder().ForTask(ModelTask.MulticlassClassification).WithRows(1_000).Build().WriteToAsync(store);
        var candidate = await Stages.TrainCandidateAsync(store, snapshot, TrainerKind.LightGbm, "run-1");

        // Act: load the stored zip as a deployed model would be, and predict.
        var ml = new MLContext(seed: 1);
        var model = await ModelZip.LoadAsync(store, candidate.ModelPath);
        using var holdout = await LocalArtifactCopy.DownloadAsync(store, snapshot.SplitPath(DataSplit.Holdout));
        var predictions = model.Transform(SpecDataLoader.Load(ml, snapshot.Spec, holdout.LocalPath))
            .GetColumn<string>(MlColumns.PredictedLabel).ToList();

        // Assert
        Assert.Equal(snapshot.Snapshot.HoldoutRows, predictions.Count);
        Assert.All(predictions, p => Assert.Contains(p, new[] { "cat", "dog", "bird" }));
        Assert.True(predictions.Distinct().Count() >= 2);
    }

    [Fact]
    public async Task TrainAsync_Binary_StoresWholeChainAndReportsLineage()
    {
        // Arrange
        var store = new InMemoryArtifactStore();
        var snapshot = await new SyntheticSnapshotBuilder().WithRows(1_000).Build().WriteToAsync(store);

        // Act
        var candidate = await Stages.TrainCandidateAsync(store, snapshot, TrainerKind.LightGbm, "run-7");

        // Assert: one zip with featurizer and predictor scores the raw split CSV directly.
        Assert.Equal(ModelArtifacts.For(snapshot.Model).Runs.Run("run-7").Candidate("LightGbm"), candidate.ModelPath);
        Assert.Equal(TrainerKind.LightGbm, candidate.Trainer);
        Assert.Equal(snapshot.Snapshot.TrainRows, candidate.TrainRows);
        Assert.True(candidate.TrainSeconds > 0);
        Assert.Equal("100", candidate.Parameters["NumberOfIterations"]);
        Assert.Equal("31", candidate.Parameters["NumberOfLeaves"]);
        Assert.Equal("1", candidate.Parameters["NumberOfThreads"]);
        var rescored = await Stages.Scorer(store).ScoreAsync(snapshot.Spec, candidate.ModelPath, snapshot.SplitPath(DataSplit.Validation));
        Assert.Equal(candidate.ValidationMetrics[EvaluationMetric.Auc], rescored[EvaluationMetric.Auc], 10);
    }

    [Fact]
    public async Task TrainAsync_ValidationWithOneClass_OmitsUndefinedMetrics()
    {
        // Arrange
        var store = new InMemoryArtifactStore();
        var snapshot = await new SyntheticSnapshotBuilder().WithRows(1_000).WithSingleClassValidation().Build().WriteToAsync(store);

        // Act
        var candidate = await Stages.TrainCandidateAsync(store, snapshot, TrainerKind.LbfgsLogisticRegression, "run-1");

        // Assert: AUC and F1 are undefined without positives; accuracy and log-loss are computed directly.
        Assert.DoesNotContain(EvaluationMetric.Auc, candidate.ValidationMetrics.Keys);
        Assert.DoesNotContain(EvaluationMetric.F1, candidate.ValidationMetrics.Keys);
        Assert.InRange(candidate.ValidationMetrics[EvaluationMetric.Accuracy], 0.7, 1.0);
        Assert.True(candidate.ValidationMetrics[EvaluationMetric.LogLoss] > 0);
        Assert.All(candidate.ValidationMetrics.Values, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public async Task TrainAsync_TrainerNotForTask_ThrowsNotSupported()
    {
        // Arrange
        var store = new InMemoryArtifactStore();
        var snapshot = await new SyntheticSnapshotBuilder().ForTask(ModelTask.Regression).WithRows(300).Build().WriteToAsync(store);
        var features = await Stages.Engineer(store).EngineerAsync(new Core.Features.FeaturesRequest(snapshot.Model, "run-1", snapshot.Spec, snapshot.Snapshot));

        // Act / Assert
        await Assert.ThrowsAsync<NotSupportedException>(() => Stages.Trainer(store).TrainAsync(
            new TrainRequest(snapshot.Model, "run-1", snapshot.Spec, TrainerKind.LbfgsMaximumEntropy, snapshot.Snapshot, features.FeaturizerPath)));
    }

    private static double MajorityShare(string csv)
    {
        var labels = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(',')[^2]).ToList();
        return labels.GroupBy(l => l).Max(g => g.Count()) / (double)labels.Count;
    }
}
