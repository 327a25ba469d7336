using RetrainFunctions.Cli.Errors;
using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Lab.Streams;
using RetrainFunctions.LocalEngine;

namespace RetrainFunctions.Cli.Tests.Commands;

/// <summary>
/// Issue #16, item 2: a run waiting for approval on one engine (here a task of the test with its own in-process engine,
/// as <c>retrain run</c> in another process) is decided by <c>retrain approve</c>/<c>reject</c> through the store alone;
/// a decision that names another candidate or digest is refused with its own exit code and reaches nobody.
/// </summary>
public sealed class ApprovalThroughStoreTests : IDisposable
{
    private const string Model = CreditStreamGenerator.ModelName;
    private readonly TemporaryFolder _folder = new();

    [Fact]
    public async Task Approve_RunWaitingOnAnotherEngine_RefusesWrongBindingsThenDeploys()
    {
        // Arrange: a run that waits for approval, on an engine of its own.
        await using var waiting = await WaitingRun.StartAsync(_folder.Path);
        var pending = await waiting.Pending.WaitAsync(TimeSpan.FromMinutes(3));
        string[] store = ["--store", _folder.Path];

        // Act
        var wrongDigest = await CommandLineRunner.RunAsync(["approve", Model, "--candidate", pending.CandidateVersion, "--digest", new string('0', 64), "--by", "mallory", .. store]);
        var wrongCandidate = await CommandLineRunner.RunAsync(["reject", Model, "--candidate", "20200101T000000Z-deadbeef", "--digest", pending.EvaluationDigest, "--by", "mallory", .. store]);
        var filedAfterRefusals = await waiting.Store.ExistsAsync(ModelArtifacts.For(Model).Approvals.Decision(pending.CandidateVersion));
        var approved = await CommandLineRunner.RunAsync(["approve", Model, "--candidate", pending.CandidateVersion, "--digest", pending.EvaluationDigest.ToUpperInvariant(), "--by", "alice", "--reason", "reviewed", .. store]);
        var record = await waiting.Record.WaitAsync(TimeSpan.FromMinutes(2));
        var afterwards = await CommandLineRunner.RunAsync(["approve", Model, "--candidate", pending.CandidateVersion, "--digest", pending.EvaluationDigest, "--by", "alice", .. store]);

        // Assert: the refusals exit non-zero with one line naming what was wrong, and file nothing.
        Assert.Equal((int)ExitCode.ApprovalMismatch, wrongDigest.ExitCode);
        Assert.Contains($"evaluation digest '{new string('0', 64)}' is not that of candidate '{pending.CandidateVersion}'", wrongDigest.Error, StringComparison.Ordinal);
        Assert.Equal((int)ExitCode.ApprovalMismatch, wrongCandidate.ExitCode);
        Assert.Contains($"waits on candidate '{pending.CandidateVersion}'", wrongCandidate.Error, StringComparison.Ordinal);
        Assert.False(filedAfterRefusals, "a refused decision was filed");

        // The right one is filed, delivered by the waiting engine, and the run deploys with alice's approval.
        Assert.True(approved.ExitCode == 0, approved.Error);
        Assert.Contains("recorded in the store", approved.Output, StringComparison.Ordinal);
        Assert.Equal(RunOutcome.Deployed, record.Outcome);
        Assert.Equal((ApprovalOutcome.Approved, "alice", "reviewed"), (record.Approval!.Outcome, record.Approval.DecidedBy, record.Approval.Reason));
        Assert.Empty(record.Approval.Stale);
        Assert.Equal(record.RunId, (await new ModelDeployer(waiting.Store, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<ModelDeployer>.Instance).GetProductionAsync(Model))!.Version);

        // Once the run stopped waiting, nothing is pending.
        Assert.False(await waiting.Store.ExistsAsync(ModelArtifacts.For(Model).Approvals.Pending));
        Assert.Equal((int)ExitCode.NoApprovalWaiting, afterwards.ExitCode);
        Assert.Contains("no run of model 'credit-default' is waiting for approval", afterwards.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reject_RunWaitingOnAnotherEngine_RejectedAsApprovalDenied()
    {
        // Arrange
        await using var waiting = await WaitingRun.StartAsync(_folder.Path);
        var pending = await waiting.Pending.WaitAsync(TimeSpan.FromMinutes(3));

        // Act
        var rejected = await CommandLineRunner.RunAsync("reject", Model, "--candidate", pending.CandidateVersion, "--digest", pending.EvaluationDigest, "--by", "bob", "--reason", "slice looks odd", "--store", _folder.Path);
        var record = await waiting.Record.WaitAsync(TimeSpan.FromMinutes(2));

        // Assert
        Assert.True(rejected.ExitCode == 0, rejected.Error);
        Assert.Contains("Rejection of credit-default", rejected.Output, StringComparison.Ordinal);
        Assert.Equal((RunOutcome.Rejected, RejectionReason.ApprovalDenied), (record.Outcome, record.Rejection));
        Assert.Equal(("bob", "slice looks odd"), (record.Approval!.DecidedBy, record.Approval.Reason));
        Assert.False(await waiting.Store.ExistsAsync(ModelArtifacts.For(Model).Deployment.Production));
    }

    [Fact]
    public async Task Approve_WaitingProcessStopped_RefusedAsAbandoned()
    {
        // Arrange: a wait published by a process that stopped renewing it two minutes ago.
        var store = new LocalFolderArtifactStore(_folder.Path);
        await new ModelSpecStore(store).SaveAsync(CreditStreamGenerator.Spec());
        var now = TimeProvider.System.GetUtcNow();
        await new ApprovalStore(store, TimeProvider.System).PublishAsync(new PendingApproval(Model, "20260101T000000Z-0badc0de", "abc", now.AddHours(20), "retrain process 1 on gone", now.AddMinutes(-2)));

        // Act
        var (exitCode, _, error) = await CommandLineRunner.RunAsync("approve", Model, "--candidate", "20260101T000000Z-0badc0de", "--digest", "abc", "--by", "alice", "--store", _folder.Path);

        // Assert
        Assert.Equal((int)ExitCode.NoApprovalWaiting, exitCode);
        Assert.Contains("(retrain process 1 on gone) stopped waiting", error, StringComparison.Ordinal);
        Assert.Contains($"Run 'retrain run {Model}' again", error, StringComparison.Ordinal);
        Assert.False(await store.ExistsAsync(ModelArtifacts.For(Model).Approvals.Decision("20260101T000000Z-0badc0de")));
    }

    [Fact]
    public void ApprovalPrompt_PrintsCommandsThatNameCandidateDigestAndStore()
    {
        var pending = new PendingApproval(Model, "20260101T000000Z-0badc0de", "ab12", DateTimeOffset.UnixEpoch, "retrain process 1 on here", DateTimeOffset.UnixEpoch);

        var prompt = Cli.Commands.RunCommand.ApprovalPrompt(pending, "--store /tmp/s");

        Assert.Contains("retrain approve credit-default --candidate 20260101T000000Z-0badc0de --digest ab12 --by <your-name> --store /tmp/s", prompt, StringComparison.Ordinal);
        Assert.Contains("retrain reject credit-default --candidate 20260101T000000Z-0badc0de --digest ab12 --by <your-name> --reason <why> --store /tmp/s", prompt, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>A run of a spec that requires approval, on an in-process engine of its own, hearing of its wait through the store relay.</summary>
    private sealed class WaitingRun : IAsyncDisposable
    {
        private readonly LocalPipeline _pipeline;
        private readonly CancellationTokenSource _cancel = new();

        private WaitingRun(LocalPipeline pipeline, IArtifactStore store)
        {
            _pipeline = pipeline;
            Store = store;
            var pending = new TaskCompletionSource<PendingApproval>(TaskCreationOptions.RunContinuationsAsynchronously);
            Pending = pending.Task;
            Record = Task.Run(() => pipeline.RunAsync(new RetrainRequest(Model, RunTrigger.CommandLine, Force: true, "tests"), null, p => pending.TrySetResult(p), _cancel.Token));
            _ = Record.ContinueWith(t => pending.TrySetException(t.Exception ?? new Exception($"the run ended without waiting: {t.Result.Outcome} {t.Result.Reason}")), TaskScheduler.Default);
        }

        public IArtifactStore Store { get; }

        public Task<PendingApproval> Pending { get; }

        public Task<RunRecord> Record { get; }

        public static async Task<WaitingRun> StartAsync(string root)
        {
            var store = new LocalFolderArtifactStore(root);
            await new ModelSpecStore(store).SaveAsync(CreditStreamGenerator.Spec() with
            {
                Trainers = [TrainerKind.LbfgsLogisticRegression],
                Approval = new ApprovalSpec { Required = true, TimeoutHours = 1 },
            });
            using (var week = new MemoryStream())
            {
                new CreditStreamGenerator().WriteWeek(0, 1_200, week);
                await store.WriteBytesAsync(ModelArtifacts.For(Model).Incoming.File("week-00.csv"), week.ToArray(), ArtifactWriteCondition.None);
            }

            var pipeline = await TestPipeline.StartAsync(root);
            return new WaitingRun(pipeline, store);
        }

        public async ValueTask DisposeAsync()
        {
            await _cancel.CancelAsync();
            try
            {
                await Record;
            }
            catch (OperationCanceledException)
            {
                // The test ended while the run waited.
            }

            _cancel.Dispose();
            await _pipeline.DisposeAsync();
        }
    }
}
