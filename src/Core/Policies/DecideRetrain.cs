using Microsoft.DurableTask;

namespace RetrainFunctions.Core.Policies;

/// <summary>Activity: decides whether this run retrains, under the model's policy. Delegates to <see cref="RetrainDecider"/>.</summary>
public sealed class DecideRetrain(RetrainDecider decider) : TaskActivity<DecideRetrainRequest, PolicyDecision>
{
    /// <inheritdoc />
    public override Task<PolicyDecision> RunAsync(TaskActivityContext context, DecideRetrainRequest input) => decider.DecideAsync(input);
}
