using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Approval;

/// <summary>
/// Approvals through the store, so a decision reaches the run whichever process hosts it. The host of a run that waits
/// publishes a <see cref="PendingApproval"/> (<see cref="ApprovalArtifacts.Pending"/>) and renews it while it lives;
/// <see cref="FileAsync"/> checks a decision against it and records it (<see cref="ApprovalArtifacts.Decision"/>,
/// first decision wins); the host finds it (<see cref="FindDecisionAsync"/>) and raises the Durable event on its engine.
/// </summary>
public sealed class ApprovalStore(IArtifactStore store, TimeProvider timeProvider)
{
    /// <summary>How long a published wait stays alive without renewal: a host renews it every third of this.</summary>
    public static readonly TimeSpan AliveFor = TimeSpan.FromSeconds(60);

    /// <summary>Publishes (or renews) the approval <paramref name="pending"/>'s run waits for.</summary>
    public Task PublishAsync(PendingApproval pending, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pending);
        return store.WriteJsonAsync(ModelArtifacts.For(pending.Model).Approvals.Pending, pending, ArtifactWriteCondition.None, cancellationToken);
    }

    /// <summary>The approval a run of <paramref name="model"/> waits for, or <see langword="null"/>.</summary>
    public async Task<PendingApproval?> GetPendingAsync(string model, CancellationToken cancellationToken = default) =>
        await store.TryReadJsonWithETagAsync<PendingApproval>(ModelArtifacts.For(model).Approvals.Pending, cancellationToken) is { } found ? found.Value : null;

    /// <summary>Removes the published wait of <paramref name="candidateVersion"/> once its run stopped waiting (another candidate's is kept).</summary>
    public async Task WithdrawAsync(string model, string candidateVersion, CancellationToken cancellationToken = default)
    {
        if (await GetPendingAsync(model, cancellationToken) is { } pending && string.Equals(pending.CandidateVersion, candidateVersion, StringComparison.Ordinal))
        {
            await store.DeleteAsync(ModelArtifacts.For(model).Approvals.Pending, cancellationToken);
        }
    }

    /// <summary>The decision filed for <paramref name="candidateVersion"/>, or <see langword="null"/> while nobody has decided.</summary>
    public async Task<ApprovalDecision?> FindDecisionAsync(string model, string candidateVersion, CancellationToken cancellationToken = default) =>
        await store.TryReadJsonWithETagAsync<ApprovalDecision>(ModelArtifacts.For(model).Approvals.Decision(candidateVersion), cancellationToken) is { } found ? found.Value : null;

    /// <summary>
    /// Checks <paramref name="decision"/> against the published wait of its model and, when it names the waiting
    /// candidate and evaluation digest, records it for the run's host to deliver. Nothing is recorded otherwise.
    /// </summary>
    public async Task<ApprovalReceipt> FileAsync(ApprovalDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ModelName.Validate(decision.Model, nameof(decision));
        ArgumentException.ThrowIfNullOrWhiteSpace(decision.By, nameof(decision));
        var pending = await GetPendingAsync(decision.Model, cancellationToken);
        if (pending is null)
        {
            return new(ApprovalStatus.NoRunWaiting, $"no run of model '{decision.Model}' is waiting for approval; 'retrain runs {decision.Model}' lists how its runs ended.", null);
        }

        if (timeProvider.GetUtcNow() > pending.AliveUntil)
        {
            return new(ApprovalStatus.RunAbandoned,
                $"the run waiting for approval of candidate '{pending.CandidateVersion}' ({pending.WaitingHost}) stopped waiting at about {pending.AliveUntil:u}; nothing can deliver a decision to it. "
                + $"Run 'retrain run {decision.Model}' again: the interrupted run is recorded and its data retrained on (a durable task hub resumes the wait instead).",
                pending);
        }

        if (Mismatch(decision, pending) is { } refusal)
        {
            return refusal;
        }

        try
        {
            await store.WriteJsonAsync(ModelArtifacts.For(decision.Model).Approvals.Decision(pending.CandidateVersion), decision, ArtifactWriteCondition.IfNotExists, cancellationToken);
        }
        catch (ArtifactConditionFailedException)
        {
            var first = await FindDecisionAsync(decision.Model, pending.CandidateVersion, cancellationToken);
            return new(ApprovalStatus.AlreadyDecided,
                $"candidate '{pending.CandidateVersion}' of model '{decision.Model}' was already {(first?.Approved == false ? "rejected" : "approved")} by {first?.By ?? "someone"}; the first decision stands.",
                pending);
        }

        return new(ApprovalStatus.Accepted,
            $"{(decision.Approved ? "Approval" : "Rejection")} of {decision.Model} candidate {pending.CandidateVersion} by {decision.By} recorded in the store; {pending.WaitingHost} delivers it to the waiting run.",
            pending);
    }

    /// <summary>
    /// Why <paramref name="decision"/> does not fit the run waiting for <paramref name="pending"/> (another candidate,
    /// another evaluation digest), or <see langword="null"/> when it does. The orchestrator applies the same binding.
    /// </summary>
    public static ApprovalReceipt? Mismatch(ApprovalDecision decision, PendingApproval pending)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(pending);
        if (!string.Equals(decision.CandidateVersion, pending.CandidateVersion, StringComparison.Ordinal))
        {
            return new(ApprovalStatus.UnknownCandidate,
                $"candidate '{decision.CandidateVersion}' is not waiting for approval; the run of model '{pending.Model}' waits on candidate '{pending.CandidateVersion}'.",
                pending);
        }

        return string.Equals(decision.EvaluationDigest, pending.EvaluationDigest, StringComparison.OrdinalIgnoreCase)
            ? null
            : new(ApprovalStatus.WrongDigest,
                $"evaluation digest '{decision.EvaluationDigest}' is not that of candidate '{pending.CandidateVersion}''s report under review ({pending.EvaluationDigest}); review runs/{pending.Model}/{pending.CandidateVersion}/evaluation.json and decide on it.",
                pending);
    }
}
