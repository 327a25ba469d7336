using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Reliability.Tests.Infrastructure;

namespace RetrainFunctions.Reliability.Tests.Approvals;

/// <summary>
/// Issue #16, "CLI-started runs cannot be approved": <c>retrain run</c> in one process waits for approval and prints the
/// command that decides; <c>retrain approve</c> in other processes, against the same store only, is refused for a wrong
/// digest and delivered for the printed one; the waiting run deploys.
/// </summary>
public sealed class CrossProcessApprovalTests : IDisposable
{
    private const string Model = "churn";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "retrain-approval-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Run_WaitingInOneProcess_ApprovedByThePrintedCommandInAnother_Deploys()
    {
        // Arrange: a spec that requires approval and one learnable batch.
        var store = new LocalFolderArtifactStore(_root);
        await new ModelSpecStore(store).SaveAsync(Datasets.Spec(Model, TrainerKind.LbfgsLogisticRegression) with { Approval = new ApprovalSpec { Required = true, TimeoutHours = 1 } });
        await store.WriteBytesAsync(ModelArtifacts.For(Model).Incoming.File("week-0.csv"), Datasets.Batch(0, 800), ArtifactWriteCondition.None);
        using var run = CliProcess.Start("run", Model, "--store", _root);
        var printed = await run.WaitForLineAsync("retrain approve ", TimeSpan.FromMinutes(3));
        var arguments = printed.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..].Select(a => a == "<your-name>" ? "alice" : a).ToArray();
        var digest = arguments[Array.IndexOf(arguments, "--digest") + 1];
        var wrong = arguments.Select(a => a == digest ? new string('0', 64) : a).ToArray();

        // Act
        int refusedExit;
        string refusedOutput;
        using (var refused = CliProcess.Start(wrong))
        {
            refusedExit = await refused.WaitForExitAsync(TimeSpan.FromMinutes(1));
            refusedOutput = refused.Output;
        }

        int approvedExit;
        string approvedOutput;
        using (var approve = CliProcess.Start(arguments))
        {
            approvedExit = await approve.WaitForExitAsync(TimeSpan.FromMinutes(1));
            approvedOutput = approve.Output;
        }

        var runExit = await run.WaitForExitAsync(TimeSpan.FromMinutes(2));

        // Assert
        Assert.Contains("--store " + _root, printed, StringComparison.Ordinal);
        Assert.True(refusedExit == 14, $"wrong digest exited {refusedExit}:\n{refusedOutput}");
        Assert.Single(refusedOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error: evaluation digest", StringComparison.Ordinal));
        Assert.True(approvedExit == 0, approvedOutput);
        Assert.True(runExit == 0, run.Output);
        Assert.Contains(": Deployed", run.Output, StringComparison.Ordinal);
        var candidate = arguments[Array.IndexOf(arguments, "--candidate") + 1];
        var record = await store.ReadJsonAsync<RunRecord>(ModelArtifacts.For(Model).Runs.Run(candidate).Record);
        Assert.Equal((RunOutcome.Deployed, ApprovalOutcome.Approved, "alice"), (record.Outcome, record.Approval!.Outcome, record.Approval.DecidedBy));
        Assert.Empty(record.Approval.Stale);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
