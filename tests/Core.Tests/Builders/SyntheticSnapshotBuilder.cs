using System.Globalization;
using System.Text;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Tests.Builders;

/// <summary>
/// Builds a deterministic synthetic snapshot (spec, split CSVs, <see cref="SnapshotRef"/>) with a learnable signal:
/// numerics <c>x1</c>, <c>x2</c> (1 % missing by default) and noise <c>x3</c>, a categorical <c>color</c> (one value holds a
/// comma, so it is quoted), the label and a timestamp <c>ts</c>. Rows are in time order: 70 % train, 10 % validation, 20 % holdout.
/// Binary: <c>direction</c> is UP when 1.5·x1 − x2 + color effect + noise &gt; 0. Multiclass: <c>species</c> is cat, dog or bird
/// by the largest of three noisy linear scores. Regression: <c>price</c> = 3·x1 − 2·x2 + 2·color effect + N(0, 1).
/// </summary>
public sealed class SyntheticSnapshotBuilder
{
    private static readonly string[] BaseColors = ["red", "green", "blue", "navy, dark"];

    private ModelTask _task = ModelTask.BinaryClassification;
    private string _model = "synthetic";
    private int _rows = 2_000;
    private int _seed = 1;
    private double _missingFraction = 0.01;
    private int _colors = BaseColors.Length;
    private bool _shuffleLabels;
    private bool _singleClassValidation;
    private string? _unseenHoldoutColor;
    private FeatureType _x3Type = FeatureType.Numeric;
    private string _x3Name = "x3";
    private string? _constantTrainingX3;
    private GateSpec _gate = new();
    private IReadOnlyList<TrainerKind> _trainers = [];

    public SyntheticSnapshotBuilder ForTask(ModelTask task)
    {
        _task = task;
        return this;
    }

    public SyntheticSnapshotBuilder ForModel(string model)
    {
        _model = model;
        return this;
    }

    public SyntheticSnapshotBuilder WithRows(int rows)
    {
        _rows = rows;
        return this;
    }

    public SyntheticSnapshotBuilder WithSeed(int seed)
    {
        _seed = seed;
        return this;
    }

    public SyntheticSnapshotBuilder WithMissingFraction(double fraction)
    {
        _missingFraction = fraction;
        return this;
    }

    /// <summary>Uses <paramref name="count"/> distinct colors (beyond the four named ones they are <c>c4</c>, <c>c5</c>, …).</summary>
    public SyntheticSnapshotBuilder WithColors(int count)
    {
        _colors = count;
        return this;
    }

    /// <summary>Permutes the labels of every split: a model trained on it has learned nothing.</summary>
    public SyntheticSnapshotBuilder WithShuffledLabels()
    {
        _shuffleLabels = true;
        return this;
    }

    /// <summary>Keeps only DOWN rows in the validation split (binary).</summary>
    public SyntheticSnapshotBuilder WithSingleClassValidation()
    {
        _singleClassValidation = true;
        return this;
    }

    /// <summary>Sets every tenth holdout row's color to a value never seen in training.</summary>
    public SyntheticSnapshotBuilder WithUnseenHoldoutColor(string color)
    {
        _unseenHoldoutColor = color;
        return this;
    }

    /// <summary>Declares <c>x3</c> with <paramref name="type"/> in the spec (the data stays numeric text).</summary>
    public SyntheticSnapshotBuilder WithX3As(FeatureType type)
    {
        _x3Type = type;
        return this;
    }

    /// <summary>Names the noise column <paramref name="name"/> instead of <c>x3</c>, in the spec and in the header.</summary>
    public SyntheticSnapshotBuilder WithX3Named(string name)
    {
        _x3Name = name;
        return this;
    }

    /// <summary>Sets <c>x3</c> to <paramref name="value"/> on every train row (validation and holdout keep their noise).</summary>
    public SyntheticSnapshotBuilder WithConstantTrainingX3(string value)
    {
        _constantTrainingX3 = value;
        return this;
    }

    public SyntheticSnapshotBuilder WithGate(GateSpec gate)
    {
        _gate = gate;
        return this;
    }

    public SyntheticSnapshotBuilder WithTrainers(params TrainerKind[] trainers)
    {
        _trainers = trainers;
        return this;
    }

    public SyntheticSnapshot Build()
    {
        var random = new Random(_seed);
        var labelColumn = _task switch
        {
            ModelTask.BinaryClassification => "direction",
            ModelTask.MulticlassClassification => "species",
            _ => "price",
        };
        var spec = new ModelSpec
        {
            Name = _model,
            Task = _task,
            Label = new LabelSpec(labelColumn, _task == ModelTask.BinaryClassification ? "UP" : null),
            TimestampColumn = "ts",
            Features =
            [
                new FeatureSpec("x1", FeatureType.Numeric),
                new FeatureSpec("x2", FeatureType.Numeric),
                new FeatureSpec(_x3Name, _x3Type),
                new FeatureSpec("color", FeatureType.Categorical),
            ],
            Trainers = _trainers,
            Gate = _gate,
        };

        var rows = new List<string[]>(_rows);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < _rows; i++)
        {
            var x1 = Gaussian(random);
            var x2 = Gaussian(random);
            var x3 = Gaussian(random);
            var colorIndex = random.Next(_colors);
            var effect = ((colorIndex % 4) - 1.5) * 0.8;
            var label = _task switch
            {
                ModelTask.BinaryClassification => (1.5 * x1) - x2 + effect + (0.7 * Gaussian(random)) > 0 ? "UP" : "DOWN",
                ModelTask.MulticlassClassification => Species((1.2 * x1) + effect, (-1.0 * x1) + (1.2 * x2), -x2 - effect, random),
                _ => ((3 * x1) - (2 * x2) + (2 * effect) + Gaussian(random)).ToString("R", CultureInfo.InvariantCulture),
            };
            rows.Add(
            [
                Numeric(x1, random),
                Numeric(x2, random),
                x3.ToString("0.####", CultureInfo.InvariantCulture),
                colorIndex < BaseColors.Length ? BaseColors[colorIndex] : string.Create(CultureInfo.InvariantCulture, $"c{colorIndex}"),
                label,
                start.AddMinutes(i).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ]);
        }

        if (_shuffleLabels)
        {
            var labels = rows.Select(r => r[4]).ToArray();
            random.Shuffle(labels);
            for (var i = 0; i < rows.Count; i++)
            {
                rows[i][4] = labels[i];
            }
        }

        var trainCount = (int)(_rows * 0.7);
        var validationCount = (int)(_rows * 0.1);
        var train = rows.Take(trainCount).ToList();
        var validation = rows.Skip(trainCount).Take(validationCount).ToList();
        var holdout = rows.Skip(trainCount + validationCount).ToList();
        if (_constantTrainingX3 is not null)
        {
            train.ForEach(r => r[2] = _constantTrainingX3);
        }

        if (_singleClassValidation)
        {
            validation = [.. validation.Where(r => r[4] == "DOWN")];
        }

        if (_unseenHoldoutColor is not null)
        {
            for (var i = 0; i < holdout.Count; i += 10)
            {
                holdout[i][3] = _unseenHoldoutColor;
            }
        }

        var header = new[] { "x1", "x2", _x3Name, "color", labelColumn, "ts" };
        var digest = string.Create(CultureInfo.InvariantCulture, $"syn-{_task}-{_rows}-{_seed}{(_shuffleLabels ? "-shuffled" : string.Empty)}{(_singleClassValidation ? "-oneclass" : string.Empty)}{(_unseenHoldoutColor is null ? string.Empty : "-unseen")}-c{_colors}-{_x3Name}{(_constantTrainingX3 is null ? string.Empty : "-k" + _constantTrainingX3)}").ToLowerInvariant();
        var snapshot = new SnapshotRef(digest, ModelArtifacts.For(_model).Snapshots.Manifest(digest), 1, train.Count, validation.Count, holdout.Count);
        var splits = new Dictionary<DataSplit, string>
        {
            [DataSplit.Train] = Csv(header, train),
            [DataSplit.Validation] = Csv(header, validation),
            [DataSplit.Holdout] = Csv(header, holdout),
        };
        return new SyntheticSnapshot(spec, snapshot, splits);
    }

    /// <summary>Writes rows as RFC 4180 CSV: fields holding a comma, quote or newline are quoted.</summary>
    public static string Csv(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', header.Select(Quote)).Append('\n');
        foreach (var row in rows)
        {
            text.AppendJoin(',', row.Select(Quote)).Append('\n');
        }

        return text.ToString();

        static string Quote(string field) =>
            field.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
    }

    private string Numeric(double value, Random random) =>
        random.NextDouble() < _missingFraction ? string.Empty : value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Species(double cat, double dog, double bird, Random random)
    {
        cat += 0.5 * Gaussian(random);
        dog += 0.5 * Gaussian(random);
        bird += 0.5 * Gaussian(random);
        return cat >= dog && cat >= bird ? "cat" : dog >= bird ? "dog" : "bird";
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
