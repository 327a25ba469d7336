using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>
/// Maps ML.NET's evaluation of scored data (a model's output over a split loaded by <see cref="SpecDataLoader"/>)
/// to the metrics of <see cref="EvaluationMetrics.ForTask"/>.
/// </summary>
/// <remarks>
/// <para>A metric that is undefined on the data is omitted, never reported as NaN or infinity (NaN is not valid JSON in
/// orchestration history): AUC and F1 when the labels hold one class only (accuracy and log-loss are then computed
/// directly), R² when every label is equal, log-loss when a model gave the true class probability 0.</para>
/// <para>Binary: accuracy, F1 of the positive class, AUC, log-loss (base 2, as ML.NET); a model without a calibrated
/// <c>Probability</c> is evaluated with <c>EvaluateNonCalibrated</c> and has no log-loss. Multiclass: micro and macro
/// accuracy, log-loss and macro F1 (from the confusion matrix); the label is mapped to the model's own classes (its score slot names), and rows whose class the
/// model never saw in training are skipped by ML.NET's evaluator. Regression: RMSE, MAE and R².</para>
/// </remarks>
internal static class MetricCalculator
{
    private const string LabelKey = "__LabelKey";
    private const string PredictedKey = "__PredictedKey";

    /// <summary>Computes the task's metrics of <paramref name="scored"/>.</summary>
    public static IReadOnlyDictionary<EvaluationMetric, double> Compute(MLContext ml, ModelTask task, IDataView scored)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(scored);
        var metrics = task switch
        {
            ModelTask.BinaryClassification => Binary(ml, scored),
            ModelTask.MulticlassClassification => Multiclass(ml, scored),
            ModelTask.Regression => Regression(ml, scored),
            _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown model task."),
        };
        return metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value);
    }

    /// <summary>
    /// Explains why <paramref name="model"/> cannot score data of <paramref name="input"/>'s schema for <paramref name="task"/>
    /// (a missing or retyped input column, an output of another task), or returns <see langword="null"/> when it can.
    /// </summary>
    public static string? ExplainUnscorable(ITransformer model, DataViewSchema input, ModelTask task, out Exception? error)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        error = null;
        DataViewSchema output;
        try
        {
            output = model.GetOutputSchema(input);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            // ML.NET reports a missing or mistyped input column as ArgumentOutOfRangeException ("Schema mismatch ...").
            error = ex;
            return ex.Message;
        }

        var score = output.GetColumnOrNull(MlColumns.Score);
        var predicted = output.GetColumnOrNull(MlColumns.PredictedLabel);
        var fits = task switch
        {
            ModelTask.BinaryClassification => score?.Type == NumberDataViewType.Single && predicted?.Type == BooleanDataViewType.Instance,
            ModelTask.MulticlassClassification => score is { Type: VectorDataViewType { ItemType: NumberDataViewType, IsKnownSize: true } } s
                && s.HasSlotNames() && predicted?.Type is TextDataViewType,
            ModelTask.Regression => score?.Type == NumberDataViewType.Single,
            _ => false,
        };
        return fits ? null : $"its output (Score: {score?.Type.ToString() ?? "none"}, PredictedLabel: {predicted?.Type.ToString() ?? "none"}) is not that of a {task} model";
    }

    private static Dictionary<EvaluationMetric, double> Binary(MLContext ml, IDataView scored)
    {
        var calibrated = scored.Schema.GetColumnOrNull(MlColumns.Probability) is not null;
        var (positives, negatives) = CountBinaryLabels(scored);
        if (positives > 0 && negatives > 0)
        {
            if (calibrated)
            {
                var m = ml.BinaryClassification.Evaluate(scored, MlColumns.Label, MlColumns.Score, MlColumns.Probability, MlColumns.PredictedLabel);
                return new()
                {
                    [EvaluationMetric.Accuracy] = m.Accuracy,
                    [EvaluationMetric.F1] = m.F1Score,
                    [EvaluationMetric.Auc] = m.AreaUnderRocCurve,
                    // ML.NET's log-loss is infinite when a probability saturates at 0 or 1 on a row of the other class;
                    // the per-row losses the gate's evidence uses are clamped (PredictionReader), and so is this one then.
                    [EvaluationMetric.LogLoss] = double.IsFinite(m.LogLoss) ? m.LogLoss : ClampedLogLoss(scored),
                };
            }

            var n = ml.BinaryClassification.EvaluateNonCalibrated(scored, MlColumns.Label, MlColumns.Score, MlColumns.PredictedLabel);
            return new()
            {
                [EvaluationMetric.Accuracy] = n.Accuracy,
                [EvaluationMetric.F1] = n.F1Score,
                [EvaluationMetric.Auc] = n.AreaUnderRocCurve,
            };
        }

        return OneClassBinary(scored, calibrated);
    }

    private static (long Positives, long Negatives) CountBinaryLabels(IDataView scored)
    {
        // Only the label column is active, so the model itself does not run in this pass.
        var label = scored.Schema[MlColumns.Label];
        using var cursor = scored.GetRowCursor([label]);
        var getter = cursor.GetGetter<bool>(label);
        long positives = 0, negatives = 0;
        var value = false;
        while (cursor.MoveNext())
        {
            getter(ref value);
            if (value)
            {
                positives++;
            }
            else
            {
                negatives++;
            }
        }

        return (positives, negatives);
    }

    private static Dictionary<EvaluationMetric, double> OneClassBinary(IDataView scored, bool calibrated)
    {
        var columns = new List<DataViewSchema.Column> { scored.Schema[MlColumns.Label], scored.Schema[MlColumns.PredictedLabel] };
        if (calibrated)
        {
            columns.Add(scored.Schema[MlColumns.Probability]);
        }

        using var cursor = scored.GetRowCursor(columns);
        var labelGetter = cursor.GetGetter<bool>(columns[0]);
        var predictedGetter = cursor.GetGetter<bool>(columns[1]);
        var probabilityGetter = calibrated ? cursor.GetGetter<float>(columns[2]) : null;
        bool label = false, predicted = false;
        float probability = 0;
        long rows = 0, correct = 0;
        double logLoss = 0;
        while (cursor.MoveNext())
        {
            labelGetter(ref label);
            predictedGetter(ref predicted);
            rows++;
            correct += label == predicted ? 1 : 0;
            if (probabilityGetter is not null)
            {
                probabilityGetter(ref probability);
                logLoss += PredictionReader.LogLoss(label ? probability : 1.0 - probability);
            }
        }

        var metrics = new Dictionary<EvaluationMetric, double>();
        if (rows > 0)
        {
            metrics[EvaluationMetric.Accuracy] = (double)correct / rows;
            if (calibrated)
            {
                metrics[EvaluationMetric.LogLoss] = logLoss / rows;
            }
        }

        return metrics;
    }

    private static double ClampedLogLoss(IDataView scored)
    {
        var label = scored.Schema[MlColumns.Label];
        var probability = scored.Schema[MlColumns.Probability];
        using var cursor = scored.GetRowCursor([label, probability]);
        var labelGetter = cursor.GetGetter<bool>(label);
        var probabilityGetter = cursor.GetGetter<float>(probability);
        var (truth, p, rows, sum) = (false, 0f, 0L, 0.0);
        while (cursor.MoveNext())
        {
            labelGetter(ref truth);
            probabilityGetter(ref p);
            sum += PredictionReader.LogLoss(truth ? p : 1.0 - p);
            rows++;
        }

        return rows > 0 ? sum / rows : double.NaN;
    }

    private static Dictionary<EvaluationMetric, double> Multiclass(MLContext ml, IDataView scored)
    {
        // The model's classes, in its key order, are the slot names of its score vector.
        VBuffer<ReadOnlyMemory<char>> slotNames = default;
        scored.Schema[MlColumns.Score].GetSlotNames(ref slotNames);
        var classes = slotNames.DenseValues().Select(v => new ClassRow { Value = v.ToString() }).ToList();
        var keyData = ml.Data.LoadFromEnumerable(classes);
        var mapped = ml.Transforms.Conversion.MapValueToKey(
                [new InputOutputColumnPair(LabelKey, MlColumns.Label), new InputOutputColumnPair(PredictedKey, MlColumns.PredictedLabel)],
                keyData: keyData)
            .Fit(scored)
            .Transform(scored);
        var m = ml.MulticlassClassification.Evaluate(mapped, LabelKey, MlColumns.Score, PredictedKey);
        return new()
        {
            [EvaluationMetric.MicroAccuracy] = m.MicroAccuracy,
            [EvaluationMetric.MacroAccuracy] = m.MacroAccuracy,
            [EvaluationMetric.LogLoss] = m.LogLoss,
            [EvaluationMetric.MacroF1] = MacroF1(m.ConfusionMatrix),
        };
    }

    /// <summary>
    /// The mean, over the classes that occur as a true or a predicted class, of each class's F1 = 2·TP / (2·TP + FP + FN),
    /// from ML.NET's confusion matrix (rows: true class, columns: predicted class); NaN when no row was evaluated.
    /// </summary>
    private static double MacroF1(ConfusionMatrix confusion)
    {
        var classes = confusion.NumberOfClasses;
        double sum = 0;
        var present = 0;
        for (var c = 0; c < classes; c++)
        {
            double truePositive = confusion.Counts[c][c], actual = 0, predicted = 0;
            for (var other = 0; other < classes; other++)
            {
                actual += confusion.Counts[c][other];
                predicted += confusion.Counts[other][c];
            }

            if (actual + predicted > 0)
            {
                sum += 2 * truePositive / (actual + predicted);
                present++;
            }
        }

        return present > 0 ? sum / present : double.NaN;
    }

    private static Dictionary<EvaluationMetric, double> Regression(MLContext ml, IDataView scored)
    {
        var m = ml.Regression.Evaluate(scored, MlColumns.Label, MlColumns.Score);
        return new()
        {
            [EvaluationMetric.Rmse] = m.RootMeanSquaredError,
            [EvaluationMetric.Mae] = m.MeanAbsoluteError,
            [EvaluationMetric.RSquared] = m.RSquared,
        };
    }

    /// <summary>One class name, in the model's key order.</summary>
    private sealed class ClassRow
    {
        public string Value { get; set; } = string.Empty;
    }
}
