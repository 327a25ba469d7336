using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tests.Specs;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Tests.Training;

public sealed class EnsemblePluginTests
{
    private static readonly TrainerKind[] SpecTrainers = [TrainerKind.LightGbm, TrainerKind.LbfgsLogisticRegression, TrainerKind.Ensemble];

    [Fact]
    public void Fit_Binary_ProbabilityIsTheMeanOfItsMembersAndSurvivesSaveAndLoad()
    {
        // Arrange: the same rows and seed for the ensemble and for each member fitted alone.
        var rows = Rows(ModelTask.BinaryClassification, 600, seed: 3);
        var test = Rows(ModelTask.BinaryClassification, 200, seed: 4);

        // Act
        var ensemble = RoundTrip(Fit(TrainerKind.Ensemble, ModelTask.BinaryClassification, rows), rows.Schema);
        var lightGbm = Fit(TrainerKind.LightGbm, ModelTask.BinaryClassification, rows);
        var logistic = Fit(TrainerKind.LbfgsLogisticRegression, ModelTask.BinaryClassification, rows);

        // Assert
        var scored = ensemble.Transform(test);
        var probability = scored.GetColumn<float>("Probability").ToArray();
        var score = scored.GetColumn<float>("Score").ToArray();
        var predicted = scored.GetColumn<bool>("PredictedLabel").ToArray();
        var a = lightGbm.Transform(test).GetColumn<float>("Probability").ToArray();
        var b = logistic.Transform(test).GetColumn<float>("Probability").ToArray();
        for (var i = 0; i < probability.Length; i++)
        {
            Assert.Equal((a[i] + b[i]) / 2, probability[i], 5);
            Assert.Equal(Math.Log(probability[i] / (1 - probability[i])), score[i], 3);
            Assert.Equal(probability[i] > 0.5f, predicted[i]);
        }

        Assert.Contains(probability, p => p is > 0.05f and < 0.95f);
        Assert.Equal(MlAccuracy(test, ensemble), Accuracy(test, predicted));
    }

    [Fact]
    public void Fit_Regression_ScoreIsTheMeanOfItsMembers()
    {
        // Arrange
        var rows = Rows(ModelTask.Regression, 600, seed: 5);
        var test = Rows(ModelTask.Regression, 100, seed: 6);

        // Act
        var ensemble = RoundTrip(Fit(TrainerKind.Ensemble, ModelTask.Regression, rows, [TrainerKind.LightGbm, TrainerKind.Sdca, TrainerKind.Ensemble]), rows.Schema);
        var lightGbm = Fit(TrainerKind.LightGbm, ModelTask.Regression, rows);

        // Assert: the first member is LightGbm as fitted alone (SDCA shuffles with the context's random state, which the
        // first member has advanced, so it is compared through the member's own copy of its output).
        var scored = ensemble.Transform(test);
        var score = scored.GetColumn<float>("Score").ToArray();
        var first = scored.GetColumn<float>("__Ensemble.0.Score").ToArray();
        var second = scored.GetColumn<float>("__Ensemble.1.Score").ToArray();
        var alone = lightGbm.Transform(test).GetColumn<float>("Score").ToArray();
        for (var i = 0; i < score.Length; i++)
        {
            Assert.Equal(alone[i], first[i], 4);
            Assert.Equal((first[i] + second[i]) / 2, score[i], 4);
        }

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void CreateRecipe_RecordsItsMembersAndTheirParameters()
    {
        // Act
        var recipe = TrainerRegistry.BuiltIn.CreateRecipe(new MLContext(1), ModelTask.BinaryClassification, TrainerKind.Ensemble, threads: 1, specTrainers: SpecTrainers);

        // Assert
        Assert.Equal("LightGbm+LbfgsLogisticRegression", recipe.Parameters["Members"]);
        Assert.Equal("100", recipe.Parameters["LightGbm.NumberOfIterations"]);
        Assert.Equal("1", recipe.Parameters["LbfgsLogisticRegression.L2Regularization"]);
        Assert.True(recipe.CacheFeatures);
    }

    [Fact]
    public void Fit_EachMemberIsFittedOnTheInputRowsNotThroughTheMembersBeforeIt()
    {
        // Arrange: two members that record the columns of the rows they are fitted on.
        var rows = Rows(ModelTask.BinaryClassification, 300, seed: 7);
        var ml = new MLContext(1);
        var first = new RecordingMember(ml);
        var second = new RecordingMember(ml);
        var context = new TrainerContext(ml, ModelTask.BinaryClassification, 1, null)
        {
            Members = [(TrainerKind.LightGbm, new TrainerRecipe(first, new Dictionary<string, string>(), false)), (TrainerKind.LbfgsLogisticRegression, new TrainerRecipe(second, new Dictionary<string, string>(), false))],
        };

        // Act
        var model = new RetrainFunctions.Core.Training.Trainers.EnsemblePlugin().Create(context).Estimator.Fit(rows);

        // Assert: neither member saw another's outputs, and the chain still averages both.
        Assert.Equal(["Features", "Label"], first.FittedOn);
        Assert.Equal(["Features", "Label"], second.FittedOn);
        var scored = model.Transform(rows);
        Assert.Equal(0.5f, scored.GetColumn<float>("Probability").First(), 5);
        Assert.Contains("__Ensemble.1.Probability", scored.Schema.Select(c => c.Name));
    }

    [Fact]
    public void CreateRecipe_FewerThanTwoMembers_SaysWhatItNeeds()
    {
        // Act
        var ex = Assert.Throws<NotSupportedException>(() => TrainerRegistry.BuiltIn.CreateRecipe(new MLContext(1), ModelTask.BinaryClassification, TrainerKind.Ensemble, threads: 1, specTrainers: [TrainerKind.LightGbm, TrainerKind.Ensemble]));

        // Assert
        Assert.Equal("Ensemble averages the spec's other trainers and needs at least two that can train BinaryClassification; got 1.", ex.Message);
    }

    [Fact]
    public void Validate_EnsembleWithOneOtherTrainer_NamesTheFix()
    {
        // Arrange
        var spec = new ModelSpecBuilder().Build() with { Trainers = [TrainerKind.LightGbm, TrainerKind.Ensemble] };

        // Act
        var problems = ModelSpecValidator.Validate(spec);

        // Assert
        Assert.Contains(problems, p => p.StartsWith("trainers[1]: Ensemble averages the other trainers listed and needs at least two", StringComparison.Ordinal));
        Assert.Empty(ModelSpecValidator.Validate(spec with { Trainers = SpecTrainers }));
    }

    private static ITransformer Fit(TrainerKind trainer, ModelTask task, IDataView rows, IReadOnlyList<TrainerKind>? specTrainers = null)
    {
        var ml = new MLContext(1);
        var recipe = TrainerRegistry.BuiltIn.CreateRecipe(ml, task, trainer, threads: 1, specTrainers: specTrainers ?? SpecTrainers);
        return recipe.Estimator.Fit(recipe.CacheFeatures ? ml.Data.Cache(rows) : rows);
    }

    private static ITransformer RoundTrip(ITransformer model, DataViewSchema schema)
    {
        var ml = new MLContext(1);
        using var buffer = new MemoryStream();
        ml.Model.Save(model, schema, buffer);
        buffer.Position = 0;
        return ml.Model.Load(buffer, out _);
    }

    private static double MlAccuracy(IDataView test, ITransformer model) =>
        new MLContext(1).BinaryClassification.Evaluate(model.Transform(test)).Accuracy;

    private static double Accuracy(IDataView test, bool[] predicted)
    {
        var labels = test.GetColumn<bool>("Label").ToArray();
        return labels.Zip(predicted).Count(p => p.First == p.Second) / (double)labels.Length;
    }

    /// <summary>Rows whose label depends on a threshold of the first feature and linearly on the second (with noise).</summary>
    private static IDataView Rows(ModelTask task, int count, int seed)
    {
        var random = new Random(seed);
        var ml = new MLContext(1);
        if (task == ModelTask.Regression)
        {
            var regression = Enumerable.Range(0, count).Select(_ =>
            {
                var x = new[] { (float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble() };
                return new RegressionRow { Features = x, Label = (x[0] > 0.5f ? 3f : 0f) + (2f * x[1]) + (float)random.NextDouble() };
            });
            return ml.Data.LoadFromEnumerable(regression.ToList());
        }

        var binary = Enumerable.Range(0, count).Select(_ =>
        {
            var x = new[] { (float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble() };
            return new BinaryRow { Features = x, Label = (x[0] > 0.5f ? 1 : 0) + x[1] + (0.5 * random.NextDouble()) > 1.2 };
        });
        return ml.Data.LoadFromEnumerable(binary.ToList());
    }

    /// <summary>A member whose model outputs a probability of ¼ or ¾ (so the mean of two is ½), and which records the columns it was fitted on.</summary>
    private sealed class RecordingMember(MLContext ml) : IEstimator<ITransformer>
    {
        private static int _fitted;

        public string[] FittedOn { get; private set; } = [];

        public ITransformer Fit(IDataView input)
        {
            FittedOn = [.. input.Schema.Where(c => !c.IsHidden).Select(c => c.Name)];
            var probability = Interlocked.Increment(ref _fitted) % 2 == 1 ? "0.25" : "0.75";
            return Estimator(probability).Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => Estimator("0.5").GetOutputSchema(inputSchema);

        private IEstimator<ITransformer> Estimator(string probability) =>
            ml.Transforms.Expression("Probability", $"l => {probability}", "Label")
                .Append(ml.Transforms.Expression("Score", "p => 0", "Probability"))
                .Append(ml.Transforms.Expression("PredictedLabel", "p => p > 0.5", "Probability"));
    }

    private sealed class BinaryRow
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class RegressionRow
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }
}
