using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Evaluation;

/// <summary>Reads a model's scored output (see <see cref="MetricCalculator"/>) into <see cref="HoldoutPredictions"/> in one cursor pass.</summary>
internal static class PredictionReader
{
    private const double MinProbability = 1e-15;

    /// <summary>The log-loss, in bits, of a row whose true class got <paramref name="probability"/>, clamped at 1e-15 so a saturated wrong answer costs about 50 bits, not infinity.</summary>
    public static double LogLoss(double probability) => -Math.Log2(Math.Clamp(probability, MinProbability, 1.0));

    /// <summary>Reads every row of <paramref name="scored"/>, in order.</summary>
    public static HoldoutPredictions Read(IDataView scored, ModelTask task)
    {
        ArgumentNullException.ThrowIfNull(scored);
        return task switch
        {
            ModelTask.BinaryClassification => Binary(scored),
            ModelTask.MulticlassClassification => Multiclass(scored),
            ModelTask.Regression => Regression(scored),
            _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown model task."),
        };
    }

    private static HoldoutPredictions Binary(IDataView scored)
    {
        var schema = scored.Schema;
        var probabilityColumn = schema.GetColumnOrNull(MlColumns.Probability);
        var columns = new List<DataViewSchema.Column> { schema[MlColumns.Label], schema[MlColumns.Score], schema[MlColumns.PredictedLabel] };
        if (probabilityColumn is { } p)
        {
            columns.Add(p);
        }

        using var cursor = scored.GetRowCursor(columns);
        var labelGetter = cursor.GetGetter<bool>(columns[0]);
        var scoreGetter = cursor.GetGetter<float>(columns[1]);
        var predictedGetter = cursor.GetGetter<bool>(columns[2]);
        var probabilityGetter = probabilityColumn is { } pc ? cursor.GetGetter<float>(pc) : null;
        var labels = new List<double>();
        var scores = new List<double>();
        var correct = new List<bool>();
        var predictedPositive = new List<bool>();
        var loss = probabilityGetter is null ? null : new List<double>();
        bool label = false, predicted = false;
        float score = 0, probability = 0;
        while (cursor.MoveNext())
        {
            labelGetter(ref label);
            scoreGetter(ref score);
            predictedGetter(ref predicted);
            labels.Add(label ? 1 : 0);
            scores.Add(score);
            predictedPositive.Add(predicted);
            correct.Add(label == predicted);
            if (probabilityGetter is not null)
            {
                probabilityGetter(ref probability);
                var truth = label ? probability : 1.0 - probability;
                loss!.Add(LogLoss(truth));
            }
        }

        return new HoldoutPredictions
        {
            Task = ModelTask.BinaryClassification,
            Labels = labels,
            Scores = scores,
            Correct = correct,
            PredictedPositive = predictedPositive,
            RowLogLoss = loss,
        };
    }

    private static HoldoutPredictions Multiclass(IDataView scored)
    {
        var schema = scored.Schema;
        VBuffer<ReadOnlyMemory<char>> slotNames = default;
        schema[MlColumns.Score].GetSlotNames(ref slotNames);
        var slots = slotNames.DenseValues().Select((name, index) => (Name: name.ToString(), index))
            .GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().index, StringComparer.Ordinal);
        var columns = new[] { schema[MlColumns.Label], schema[MlColumns.Score], schema[MlColumns.PredictedLabel] };
        using var cursor = scored.GetRowCursor(columns);
        var labelGetter = cursor.GetGetter<ReadOnlyMemory<char>>(columns[0]);
        var scoreGetter = cursor.GetGetter<VBuffer<float>>(columns[1]);
        var predictedGetter = cursor.GetGetter<ReadOnlyMemory<char>>(columns[2]);
        var classes = new List<string>();
        var predictedClasses = new List<string>();
        var correct = new List<bool>();
        var loss = new List<double>();
        ReadOnlyMemory<char> label = default, predicted = default;
        VBuffer<float> score = default;
        while (cursor.MoveNext())
        {
            labelGetter(ref label);
            scoreGetter(ref score);
            predictedGetter(ref predicted);
            var truth = label.ToString();
            classes.Add(truth);
            predictedClasses.Add(predicted.ToString());
            correct.Add(label.Span.SequenceEqual(predicted.Span));
            loss.Add(slots.TryGetValue(truth, out var slot)
                ? LogLoss(score.GetItemOrDefault(slot))
                : double.NaN);
        }

        var zeros = new double[classes.Count];
        return new HoldoutPredictions
        {
            Task = ModelTask.MulticlassClassification,
            Labels = zeros,
            Scores = zeros,
            Correct = correct,
            RowLogLoss = loss,
            Classes = classes,
            PredictedClasses = predictedClasses,
        };
    }

    private static HoldoutPredictions Regression(IDataView scored)
    {
        var columns = new[] { scored.Schema[MlColumns.Label], scored.Schema[MlColumns.Score] };
        using var cursor = scored.GetRowCursor(columns);
        var labelGetter = cursor.GetGetter<float>(columns[0]);
        var scoreGetter = cursor.GetGetter<float>(columns[1]);
        var labels = new List<double>();
        var scores = new List<double>();
        float label = 0, score = 0;
        while (cursor.MoveNext())
        {
            labelGetter(ref label);
            scoreGetter(ref score);
            labels.Add(label);
            scores.Add(score);
        }

        return new HoldoutPredictions { Task = ModelTask.Regression, Labels = labels, Scores = scores, Correct = [] };
    }
}
