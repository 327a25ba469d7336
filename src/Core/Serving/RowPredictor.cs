using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Serving;

/// <summary>
/// Scores rows one at a time through the model's row-to-row mapper with cached getters — what ML.NET's
/// <c>PredictionEngine</c> does, without a compile-time row class. Not thread-safe: <see cref="ServedModel"/> pools them.
/// </summary>
internal sealed class RowPredictor : IDisposable
{
    private readonly SpecInputRow _input;
    private readonly DataViewRow _output;
    private readonly ValueGetter<bool>? _binaryLabel;
    private readonly ValueGetter<ReadOnlyMemory<char>>? _classLabel;
    private readonly ValueGetter<float>? _probability;
    private readonly ValueGetter<float>? _score;
    private readonly ValueGetter<VBuffer<float>>? _scores;
    private readonly string[] _classNames;
    private VBuffer<float> _scoreBuffer;

    public RowPredictor(ITransformer model, DataViewSchema inputSchema, ModelTask task)
    {
        _input = new SpecInputRow(inputSchema);
        var mapper = model.GetRowToRowMapper(inputSchema);
        var schema = mapper.OutputSchema;
        var predicted = schema.GetColumnOrNull(MlColumns.PredictedLabel);
        var probability = schema.GetColumnOrNull(MlColumns.Probability);
        var score = schema.GetColumnOrNull(MlColumns.Score)
            ?? throw new InvalidDataException($"The model has no '{MlColumns.Score}' output column; it cannot serve {task}.");
        _output = mapper.GetRow(_input, [.. new[] { predicted, probability, score }.Where(c => c is not null).Select(c => c!.Value)]);

        _classNames = [];
        switch (task)
        {
            case ModelTask.BinaryClassification:
                _binaryLabel = _output.GetGetter<bool>(predicted ?? throw Missing(MlColumns.PredictedLabel, task));
                _probability = _output.GetGetter<float>(probability ?? throw Missing(MlColumns.Probability, task));
                _score = _output.GetGetter<float>(score);
                break;
            case ModelTask.MulticlassClassification:
                _classLabel = _output.GetGetter<ReadOnlyMemory<char>>(predicted ?? throw Missing(MlColumns.PredictedLabel, task));
                _scores = _output.GetGetter<VBuffer<float>>(score);
                _classNames = ClassNames(score);
                break;
            case ModelTask.Regression:
                _score = _output.GetGetter<float>(score);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(task), task, "Unknown model task.");
        }
    }

    public Prediction Score(FeatureRow row)
    {
        _input.Set(row);
        if (_binaryLabel is not null)
        {
            bool label = default;
            float probability = default, score = default;
            _binaryLabel(ref label);
            _probability!(ref probability);
            _score!(ref score);
            return new Prediction(label, probability, score, null);
        }

        if (_classLabel is not null)
        {
            ReadOnlyMemory<char> label = default;
            _classLabel(ref label);
            _scores!(ref _scoreBuffer);
            var values = _scoreBuffer.DenseValues().ToArray();
            var scores = new Dictionary<string, double>(values.Length, StringComparer.Ordinal);
            for (var i = 0; i < values.Length; i++)
            {
                scores[i < _classNames.Length ? _classNames[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = values[i];
            }

            return new Prediction(label.ToString(), null, null, scores);
        }

        float value = default;
        _score!(ref value);
        return new Prediction(null, null, value, null);
    }

    public void Dispose()
    {
        _output.Dispose();
        _input.Dispose();
    }

    private static string[] ClassNames(DataViewSchema.Column score)
    {
        if (score.Annotations.Schema.GetColumnOrNull("SlotNames") is null)
        {
            return [];
        }

        VBuffer<ReadOnlyMemory<char>> names = default;
        score.GetSlotNames(ref names);
        return [.. names.DenseValues().Select(n => n.ToString())];
    }

    private static InvalidDataException Missing(string column, ModelTask task) =>
        new($"The model has no '{column}' output column; it cannot serve {task}.");
}
