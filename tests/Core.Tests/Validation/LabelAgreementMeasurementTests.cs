using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Tests.Builders;
using RetrainFunctions.Core.Training;
using RetrainFunctions.Core.Validation;
using Xunit.Abstractions;

namespace RetrainFunctions.Core.Tests.Validation;

/// <summary>
/// The block rates of the label-agreement check over 20 seeds (docs/drift.md): production trained on 2,000 rows of
/// <see cref="LabelStream"/>, its holdout error measured on 600 more, then a 400-row batch of the same concept, of the
/// shifted concept or with 30 % of its labels flipped.
/// </summary>
public sealed class LabelAgreementMeasurementTests(ITestOutputHelper output)
{
    private const int Seeds = 20;

    [Theory]
    [InlineData(nameof(TrainerKind.LightGbm))]
    [InlineData(nameof(TrainerKind.LbfgsLogisticRegression))]
    public void Measure_TwentySeedsPerCase_BlocksFlippedLabelsOnly(string trainerName)
    {
        // Arrange
        var trainer = new TrainerKind(trainerName);
        var spec = Spec();
        var blocked = new Dictionary<LabelStreamCase, int>();

        // Act
        foreach (var kind in Enum.GetValues<LabelStreamCase>())
        {
            blocked[kind] = 0;
            for (var seed = 1; seed <= Seeds; seed++)
            {
                var ml = MlContexts.Create();
                var training = View(ml, LabelStream.Rows(2_000, seed));
                var production = Train(ml, spec, trainer, training);
                var holdout = PredictionReader.Read(production.Transform(View(ml, LabelStream.Rows(600, seed + 1_000))), spec.Task);
                var holdoutError = holdout.Correct.Count(c => !c) / (double)holdout.Count;
                var batch = View(ml, LabelStream.Rows(400, seed + 2_000, kind));
                var result = LabelAgreementCheck.Measure(ml, spec, TrainerRegistry.BuiltIn, trainer, production, training, batch, holdoutError, "v1");
                blocked[kind] += result.Verdict == LabelAgreementVerdict.Corrupted ? 1 : 0;
                output.WriteLine(FormattableString.Invariant(
                    $"{trainer} {kind} seed {seed}: {result.Verdict} error {result.ErrorRate:0.000} expected {result.ExpectedError:0.000} (holdout {result.HoldoutError:0.000}, calibrated {result.CalibratedError:0.000}) p {result.PValue:0.###E+0} cross-fit {result.CrossFitAccuracy:0.000} production {result.ProductionAccuracy:0.000} recovered {result.Recovered:0.00}"));
            }

            output.WriteLine($"{trainer} {kind}: blocked {blocked[kind]}/{Seeds}");
        }

        // Assert
        Assert.True(blocked[LabelStreamCase.Flipped] >= 19, $"flipped blocked {blocked[LabelStreamCase.Flipped]}/{Seeds}");
        Assert.True(blocked[LabelStreamCase.Same] <= 1, $"same concept blocked {blocked[LabelStreamCase.Same]}/{Seeds}");
        Assert.True(blocked[LabelStreamCase.Shifted] <= 1, $"shifted concept blocked {blocked[LabelStreamCase.Shifted]}/{Seeds}");
    }

    internal static ModelSpec Spec() => new()
    {
        Name = "stream",
        Task = ModelTask.BinaryClassification,
        Label = new LabelSpec("label", "yes"),
        Features = [new("x1", FeatureType.Numeric), new("x2", FeatureType.Numeric), new("x3", FeatureType.Numeric)],
    };

    /// <summary>A model shaped like a deployed one: featurizer then head, through a save/load round trip.</summary>
    private static ITransformer Train(MLContext ml, ModelSpec spec, TrainerKind trainer, IDataView training)
    {
        var featurizer = ml.Transforms.NormalizeMinMax([new InputOutputColumnPair("x1"), new InputOutputColumnPair("x2"), new InputOutputColumnPair("x3")])
            .Append(ml.Transforms.Concatenate(MlColumns.Features, "x1", "x2", "x3"))
            .Fit(training);
        var recipe = TrainerRegistry.BuiltIn.CreateRecipe(ml, spec.Task, trainer, threads: 1);
        var head = recipe.Estimator.Fit(featurizer.Transform(training));
        return ModelZip.Deserialize(ModelZip.Serialize(ml, new TransformerChain<ITransformer>(featurizer, head), training.Schema));
    }

    private static IDataView View(MLContext ml, List<(float X1, float X2, float X3, bool Label)> rows) =>
        ml.Data.LoadFromEnumerable(rows.Select(r => new StreamRow { X1 = r.X1, X2 = r.X2, X3 = r.X3, Label = r.Label }));

    private sealed class StreamRow
    {
        [ColumnName("x1")]
        public float X1 { get; set; }

        [ColumnName("x2")]
        public float X2 { get; set; }

        [ColumnName("x3")]
        public float X3 { get; set; }

        public bool Label { get; set; }
    }
}
