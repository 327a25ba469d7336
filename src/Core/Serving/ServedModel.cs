using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.ML;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Serving;

/// <summary>
/// One loaded, verified production version: immutable, shared by every request that captured it, so all rows of a
/// request are scored by this version alone. Scoring uses a pool of <see cref="RowPredictor"/>s (ML.NET row mappers are
/// not thread-safe); a request rents one scorer for all its rows.
/// </summary>
public sealed class ServedModel
{
    private readonly ITransformer _transformer;
    private readonly DataViewSchema _inputSchema;
    private readonly PredictionRequestReader _reader;
    private readonly ConcurrentBag<RowPredictor> _scorers = [];
    private readonly int _maxPooled = Math.Max(4, Environment.ProcessorCount * 4);
    private readonly Lock _createLock = new();

    internal ServedModel(ModelSpec spec, ModelVersion manifest, ITransformer transformer, DataViewSchema inputSchema)
    {
        Spec = spec;
        Manifest = manifest;
        _transformer = transformer;
        _inputSchema = inputSchema;
        _reader = new PredictionRequestReader(spec);

        // Build one scorer now: a model that cannot map the spec's columns fails here, before it is swapped in.
        _scorers.Add(CreateScorer());
    }

    /// <summary>Gets the model name.</summary>
    public string Model => Manifest.Model;

    /// <summary>Gets the version.</summary>
    public string Version => Manifest.Version;

    /// <summary>Gets the spec the requests are validated against.</summary>
    public ModelSpec Spec { get; }

    /// <summary>Gets the version's manifest (metrics, lineage, SHA-256).</summary>
    public ModelVersion Manifest { get; }

    /// <summary>
    /// Validates <paramref name="body"/> (<c>{"rows": [...]}</c>, at most <paramref name="maxRows"/> rows) and scores every
    /// row with this version. Returns the problem, naming the field, when the request is invalid.
    /// </summary>
    public PredictionProblem? TryPredict(JsonElement body, int maxRows, out PredictionResult? result)
    {
        result = null;
        if (_reader.TryRead(body, maxRows, out var rows) is { } problem)
        {
            return problem;
        }

        var scorer = Rent();
        try
        {
            var predictions = new Prediction[rows.Count];
            for (var i = 0; i < predictions.Length; i++)
            {
                predictions[i] = scorer.Score(rows[i]);
            }

            result = new PredictionResult(Model, Version, Spec.Task, predictions);
            return null;
        }
        finally
        {
            Return(scorer);
        }
    }

    private RowPredictor Rent() => _scorers.TryTake(out var scorer) ? scorer : CreateScorer();

    private void Return(RowPredictor scorer)
    {
        if (_scorers.Count < _maxPooled)
        {
            _scorers.Add(scorer);
        }
        else
        {
            scorer.Dispose();
        }
    }

    private RowPredictor CreateScorer()
    {
        lock (_createLock)
        {
            return new RowPredictor(_transformer, _inputSchema, Spec.Task);
        }
    }
}
