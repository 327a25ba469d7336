using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tabular;
using RetrainFunctions.Lab.Streams;
using RetrainFunctions.LocalEngine;

namespace RetrainFunctions.Benchmarks.Serving;

/// <summary>
/// A served model with two real versions, for <c>retrain bench-serve</c> and the serving tests: the demo's credit
/// model is trained by one real pipeline run (version 1, the challenger it deployed), and the run's other candidate is
/// deployed as version 2, so two genuinely different models can be swapped. Also turns the demo stream into request rows.
/// </summary>
public static class ServingSample
{
    /// <summary>The model: the demo's <c>credit-default</c>.</summary>
    public const string Model = CreditStreamGenerator.ModelName;

    /// <summary>Returns the two versions, training and deploying them first unless the store already holds them.</summary>
    public static async Task<(string First, string Second)> EnsureTwoVersionsAsync(LocalPipeline pipeline, int trainingRows = 1_200, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var store = pipeline.Services.GetRequiredService<IArtifactStore>();
        var deployer = pipeline.Services.GetRequiredService<ModelDeployer>();
        var versions = new List<string>();
        await foreach (var item in store.ListAsync(ModelArtifacts.For(Model).Versions.Prefix, cancellationToken))
        {
            if (item.Path.EndsWith("/version.json", StringComparison.Ordinal))
            {
                versions.Add((await store.ReadJsonAsync<ModelVersion>(item.Path, cancellationToken)).Version);
            }
        }

        if (versions.Count >= 2 && await deployer.GetProductionAsync(Model, cancellationToken) is { } production)
        {
            return (production.Version, versions.First(v => v != production.Version));
        }

        var demo = CreditStreamGenerator.Spec();

        // Two quick trainers; no absolute bar: the sample must deploy whatever the week's signal.
        var spec = demo with { Trainers = [TrainerKind.LbfgsLogisticRegression, TrainerKind.FastTree], Gate = demo.Gate with { Threshold = null } };
        await pipeline.Services.GetRequiredService<ModelSpecStore>().SaveAsync(spec, cancellationToken);
        using (var buffer = new MemoryStream())
        {
            new CreditStreamGenerator().WriteWeek(0, trainingRows, buffer);
            buffer.Position = 0;
            await store.WriteAsync(ModelArtifacts.For(Model).Incoming.File("serving-week-00.csv"), buffer, ArtifactWriteCondition.None, metadata: null, cancellationToken);
        }

        var record = await pipeline.RunAsync(new RetrainRequest(Model, RunTrigger.CommandLine, Force: true, "serving-sample"), onProgress: null, cancellationToken);
        if (record.Outcome != RunOutcome.Deployed || record.Evaluation is null || record.Candidates is null)
        {
            throw new InvalidOperationException($"Training the serving sample did not deploy: {record.Outcome} {record.Reason}");
        }

        var other = record.Candidates.First(c => c.Trainer != record.Evaluation.Challenger);
        var second = $"{record.RunId}-{other.Trainer.ToString().ToLowerInvariant()}";
        var deployed = await deployer.DeployAsync(
            new DeployRequest(Model, second, other.ModelPath, other.Trainer, other.Parameters, other.ValidationMetrics,
                record.Snapshot!.Digest, record.SpecDigest!, record.RunId, DateTimeOffset.UnixEpoch, spec.Task),
            cancellationToken);
        if (!deployed.Deployed)
        {
            throw new InvalidOperationException($"Deploying the second version failed: {deployed.Reason}");
        }

        // Production goes back to the run's own champion; the second version stays restorable.
        await deployer.RollBackAsync(Model, record.RunId, "serving-sample", cancellationToken);
        return (record.RunId, second);
    }

    /// <summary>Request rows from week <paramref name="week"/> of the demo stream, keyed by column name, label included.</summary>
    public static IReadOnlyList<Dictionary<string, object?>> Rows(int count, int week = 1)
    {
        var spec = CreditStreamGenerator.Spec();
        var numeric = spec.Features.Where(f => f.Type == FeatureType.Numeric).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        using var buffer = new MemoryStream();
        new CreditStreamGenerator(seed: 11).WriteWeek(week, count, buffer);
        buffer.Position = 0;
        using var reader = new CsvReader(buffer);
        var header = reader.ReadHeader();
        var rows = new List<Dictionary<string, object?>>(count);
        while (reader.ReadRecord() is { } record)
        {
            var row = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                var text = record[i];
                row[header[i]] = !numeric.Contains(header[i]) ? text
                    : text.Length == 0 ? null
                    : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            }

            rows.Add(row);
        }

        return rows;
    }
}
