using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tests.Specs;
using RetrainFunctions.Core.Training;
using RetrainFunctions.Core.Training.Trainers;

namespace RetrainFunctions.Core.Tests.Training;

public sealed class TrainerRegistryTests
{
    [Fact]
    public void AddRetrainCore_EveryHost_RegistersExactlyTheBuiltInTrainers()
    {
        // Arrange
        using var provider = new ServiceCollection().AddRetrainCore().BuildServiceProvider();

        // Act
        var registry = provider.GetRequiredService<TrainerRegistry>();

        // Assert: the same set as the static contexts (init, backtest, spec check) validate against.
        Assert.Equal(TrainerRegistry.BuiltIn.Kinds, registry.Kinds);
        Assert.Equal(
            [TrainerKind.LightGbm, TrainerKind.FastTree, TrainerKind.FastForest, TrainerKind.LbfgsLogisticRegression, TrainerKind.LbfgsMaximumEntropy, TrainerKind.Sdca, TrainerKind.Ensemble],
            registry.Kinds);
    }

    [Fact]
    public void AddRetrainTrainer_OneLine_AddsTheTrainerAfterTheBuiltIns()
    {
        // Arrange
        using var provider = new ServiceCollection().AddRetrainCore().AddRetrainTrainer<SgdTrainerPlugin>().BuildServiceProvider();

        // Act
        var registry = provider.GetRequiredService<TrainerRegistry>();

        // Assert
        Assert.Equal([.. TrainerRegistry.BuiltIn.Kinds, SgdTrainerPlugin.Name], registry.Kinds);
        Assert.True(registry.Supports(new TrainerKind("sgdcalibrated"), ModelTask.BinaryClassification));
        Assert.False(registry.Supports(SgdTrainerPlugin.Name, ModelTask.Regression));
    }

    [Fact]
    public void Constructor_TwoTrainersWithOneName_Throws()
    {
        // Act
        var ex = Assert.Throws<ArgumentException>(() => new TrainerRegistry([.. BuiltInTrainers.All, new LightGbmPlugin()]));

        // Assert
        Assert.Contains("'LightGbm'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateRecipe_UnsupportedTask_ThrowsNamingTheTrainersOfTheTask()
    {
        // Act
        var ex = Assert.Throws<NotSupportedException>(() => TrainerRegistry.BuiltIn.CreateRecipe(new MLContext(1), ModelTask.Regression, TrainerKind.LbfgsLogisticRegression, threads: 1));

        // Assert
        Assert.Equal("Trainer 'LbfgsLogisticRegression' cannot train Regression; registered for Regression: LightGbm, FastTree, FastForest, Sdca, Ensemble.", ex.Message);
    }

    [Fact]
    public void CreateRecipe_AnyTrainer_RecordsSeedThreadsAndWeightBeforeItsOwnParameters()
    {
        // Act
        var recipe = TrainerRegistry.BuiltIn.CreateRecipe(new MLContext(1), ModelTask.Regression, TrainerKind.Sdca, threads: 2, weightColumn: "w");

        // Assert
        Assert.Equal(["Seed", "NumberOfThreads", "ExampleWeightColumnName", "Regularization", "MaximumNumberOfIterations", "Algorithm"], recipe.Parameters.Keys);
        Assert.Equal(("2", "w", "SdcaRegression"), (recipe.Parameters["NumberOfThreads"], recipe.Parameters["ExampleWeightColumnName"], recipe.Parameters["Algorithm"]));
        Assert.True(recipe.CacheFeatures);
    }

    [Fact]
    public void Validate_TrainerOfAnotherTask_ListsTheRegisteredTrainersOfTheTask()
    {
        // Arrange
        var registry = new TrainerRegistry([.. BuiltInTrainers.All, new SgdTrainerPlugin()]);
        var spec = new ModelSpecBuilder().Build() with { Task = ModelTask.Regression, Label = new LabelSpec("y"), Trainers = [SgdTrainerPlugin.Name] };

        // Act
        var problem = Assert.Single(ModelSpecValidator.Validate(spec, registry));

        // Assert
        Assert.Equal("trainers[0]: SgdCalibrated cannot train Regression; allowed: LightGbm, FastTree, FastForest, Sdca, Ensemble.", problem);
    }

    [Fact]
    public void Parse_RegisteredTrainerInAnyCase_ValidWithThatRegistryOnly()
    {
        // Arrange
        var json = Encoding.UTF8.GetBytes("""
            { "name": "churn", "task": "BinaryClassification", "label": { "column": "y", "positiveClass": "1" },
              "features": [ { "name": "x", "type": "Numeric" } ], "trainers": [ "sgdcalibrated", "lightgbm" ] }
            """);
        var registry = new TrainerRegistry([.. BuiltInTrainers.All, new SgdTrainerPlugin()]);

        // Act
        var spec = ModelSpecStore.Parse(json, "churn.json", registry);
        var builtInOnly = Assert.Throws<ModelSpecException>(() => ModelSpecStore.Parse(json, "churn.json"));

        // Assert: a built-in name keeps its canonical spelling; another keeps the spec's.
        Assert.Equal(["sgdcalibrated", "LightGbm"], spec.Trainers.Select(t => t.Name));
        Assert.StartsWith("trainers[0]: 'sgdcalibrated' is not a registered trainer", Assert.Single(builtInOnly.Problems), StringComparison.Ordinal);
    }
}
