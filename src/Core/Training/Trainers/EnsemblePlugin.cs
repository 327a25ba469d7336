using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Training.Trainers;

/// <summary>
/// The ensemble: every other trainer of the spec (<see cref="TrainerContext.Members"/>, at least two) fitted on the same
/// rows, and their predictions averaged with equal weights — binary: the calibrated probabilities (the score is their
/// log-odds, so temperature scaling and the decision at probability ½ work as for any binary model); regression: the
/// predicted values. Multiclass is not supported.
/// </summary>
/// <remarks>
/// <para>Why: a boosted-tree model and a linear model make different errors, and under drift neither is reliably the
/// better one; the mean of their probabilities is a standard, parameter-free way to use both (Dietterich, "Ensemble
/// Methods in Machine Learning", 2000). It competes as one more candidate per window, so the selection rows decide
/// whether it beats its members on a given stream; nothing is weighted by hand.</para>
/// <para>The saved model is one ML.NET chain: each member's estimator in turn, each followed by a copy of its output to
/// <c>__Ensemble.{i}.Probability</c> (or <c>.Score</c>), then ML.NET <c>Expression</c> transforms that compute the mean and,
/// for binary, the score and the predicted label from it. It loads and serves like any other model.</para>
/// </remarks>
public sealed class EnsemblePlugin : ITrainerPlugin
{
    /// <summary>The log-odds are computed from the probability clamped to [ε, 1 − ε], so a member at 0 or 1 gives a finite score.</summary>
    private const string Epsilon = "1e-7";

    /// <inheritdoc/>
    public TrainerKind Kind => TrainerKind.Ensemble;

    /// <inheritdoc/>
    public bool CombinesOthers => true;

    /// <inheritdoc/>
    public bool Supports(ModelTask task) => task is ModelTask.BinaryClassification or ModelTask.Regression;

    /// <inheritdoc/>
    public TrainerRecipe Create(TrainerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!Supports(context.Task))
        {
            throw new NotSupportedException($"Ensemble cannot train {context.Task}.");
        }

        var members = context.Members;
        if (members.Count < 2)
        {
            throw new NotSupportedException($"Ensemble averages the spec's other trainers and needs at least two that can train {context.Task}; got {members.Count}.");
        }

        var ml = context.Ml;
        var output = context.Task == ModelTask.BinaryClassification ? MlColumns.Probability : MlColumns.Score;
        var steps = new List<(IEstimator<ITransformer> Estimator, bool IsMember)>();
        var copies = new string[members.Count];
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Members"] = string.Join("+", members.Select(m => m.Kind.Name)),
            ["Combination"] = context.Task == ModelTask.BinaryClassification ? "mean probability" : "mean value",
        };
        for (var i = 0; i < members.Count; i++)
        {
            var (kind, recipe) = members[i];
            copies[i] = string.Create(CultureInfo.InvariantCulture, $"__Ensemble.{i}.{output}");
            steps.Add((recipe.Estimator, true));
            steps.Add((ml.Transforms.CopyColumns(copies[i], output), false));
            foreach (var (name, value) in recipe.Parameters)
            {
                parameters[$"{kind.Name}.{name}"] = value;
            }
        }

        var variables = Enumerable.Range(0, members.Count).Select(i => string.Create(CultureInfo.InvariantCulture, $"m{i}")).ToArray();
        var mean = $"({string.Join(", ", variables)}) => ({string.Join(" + ", variables)}) / {members.Count.ToString(CultureInfo.InvariantCulture)}";
        steps.Add((ml.Transforms.Expression(output, mean, copies), false));
        if (context.Task == ModelTask.BinaryClassification)
        {
            steps.Add((ml.Transforms.Expression(MlColumns.Score, $"p => log(max(p, {Epsilon}) / max(1 - p, {Epsilon}))", MlColumns.Probability), false));
            steps.Add((ml.Transforms.Expression(MlColumns.PredictedLabel, "s => s > 0", MlColumns.Score), false));
        }

        return new TrainerRecipe(new MembersApartEstimator(steps), parameters, CacheFeatures: members.Any(m => m.Recipe.CacheFeatures));
    }

    /// <summary>
    /// Fits each member on the rows it is given, apart from the others, and chains the fitted members with the copy and
    /// expression steps into one <see cref="TransformerChain{TLastTransformer}"/> — the same chain an
    /// <see cref="EstimatorChain{TLastTransformer}"/> of these steps would produce.
    /// </summary>
    /// <remarks>
    /// An <see cref="EstimatorChain{TLastTransformer}"/> fits each estimator on the output of the ones before it, so the
    /// second member would read its rows through the first member's model on every pass over them (L-BFGS makes dozens):
    /// measured on Weather's backtest, the ensemble's fit took twice the sum of its members' fits. Members read only the
    /// features, the label and the weight, so fitting them on the input is the same fit.
    /// </remarks>
    private sealed class MembersApartEstimator(IReadOnlyList<(IEstimator<ITransformer> Estimator, bool IsMember)> steps) : IEstimator<TransformerChain<ITransformer>>
    {
        public TransformerChain<ITransformer> Fit(IDataView input)
        {
            var fitted = new List<ITransformer>(steps.Count);
            var view = input;
            foreach (var (estimator, isMember) in steps)
            {
                var transformer = estimator.Fit(isMember ? input : view);
                fitted.Add(transformer);
                view = transformer.Transform(view);
            }

            return new TransformerChain<ITransformer>([.. fitted]);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) =>
            steps.Aggregate(inputSchema, (schema, step) => step.Estimator.GetOutputSchema(schema));
    }
}
