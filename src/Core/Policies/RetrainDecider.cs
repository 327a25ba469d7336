using Microsoft.Extensions.Logging;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Policies;

/// <summary>
/// Takes a model's retraining decision: scores the production model on the newly accepted rows (its per-row errors feed
/// the performance trigger), applies <see cref="RetrainPolicy"/> to the stored state, then writes the decision
/// (<see cref="PolicyArtifacts.Decision"/>) and the new state (<see cref="PolicyArtifacts.State"/>, ETag-guarded).
/// A retried activity finds its decision already written and returns it unchanged, so the state advances once.
/// </summary>
public sealed class RetrainDecider(IArtifactStore store, ModelSpecStore specs, RowScorer scorer, ILogger<RetrainDecider> logger)
{
    /// <summary>A regression row counts as an error when its absolute error exceeds this multiple of production's holdout MAE.</summary>
    public const double RegressionToleranceFactor = 2.0;

    /// <summary>Decides for <paramref name="request"/>'s model.</summary>
    public async Task<PolicyDecision> DecideAsync(DecideRetrainRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decisionPath = ModelArtifacts.For(request.Model).Policy.Decision(request.DecisionId);
        if (await store.ExistsAsync(decisionPath, cancellationToken))
        {
            return await store.ReadJsonAsync<PolicyDecision>(decisionPath, cancellationToken);
        }

        // Version-1 instances did not pass the run's spec; only they read the spec again (it may have changed mid-run).
        var spec = request.Spec ?? (await specs.LoadAsync(request.Model, cancellationToken)).Spec;
        var evidence = await GatherAsync(spec, request, cancellationToken);
        var statePath = ModelArtifacts.For(request.Model).Policy.State;
        var stored = await store.TryReadJsonWithETagAsync<PolicyState>(statePath, cancellationToken);
        var decision = spec.Policy is { } policy
            ? RetrainPolicy.Decide(policy, stored?.Value, evidence)
            : new PolicyDecision
            {
                Verdict = RetrainVerdict.Retrain,
                Hold = PolicyHold.None,
                Reason = "Retrain: the spec has no policy, so every trigger runs the pipeline.",
                At = request.At,
                Triggers = [],
                State = stored?.Value ?? new PolicyState(),
            };

        await store.WriteJsonAsync(decisionPath, decision, ArtifactWriteCondition.None, cancellationToken);
        var condition = stored is { } s ? ArtifactWriteCondition.IfMatch(s.ETag) : ArtifactWriteCondition.IfNotExists;
        await store.WriteJsonAsync(statePath, decision.State, condition, cancellationToken);
        PoliciesLog.Decided(logger, request.Model, request.DecisionId, decision.Verdict, decision.Hold, decision.Reason);
        return decision;
    }

    private async Task<PolicyEvidence> GatherAsync(ModelSpec spec, DecideRetrainRequest request, CancellationToken cancellationToken)
    {
        var pointer = await store.TryReadJsonWithETagAsync<ProductionPointer>(ModelArtifacts.For(request.Model).Deployment.Production, cancellationToken);
        if (pointer is not { Value: var production })
        {
            return new PolicyEvidence(request.At, HasProductionModel: false, 0, [], request.Drift);
        }

        double? tolerance = null;
        if (spec.Task == ModelTask.Regression)
        {
            var version = await store.ReadJsonAsync<ModelVersion>(ModelArtifacts.For(request.Model).Versions.Version(production.Version).Manifest, cancellationToken);
            tolerance = version.Metrics.TryGetValue(EvaluationMetric.Mae, out var mae) ? RegressionToleranceFactor * mae : null;
        }

        var errors = new List<double>();
        var rows = 0;
        foreach (var path in request.NewDataPaths)
        {
            var scores = await scorer.ScoreRowsAsync(spec, ModelArtifacts.For(request.Model).Versions.Version(production.Version).Model, path, cancellationToken);
            rows += scores.Actual.Count;
            errors.AddRange(scores.IsClassification || tolerance is not null ? scores.Losses(tolerance) : []);
        }

        PoliciesLog.ErrorsRead(logger, request.Model, request.DecisionId, production.Version, rows, errors.Sum());
        return new PolicyEvidence(request.At, HasProductionModel: true, rows, errors, request.Drift, production.Version);
    }
}
