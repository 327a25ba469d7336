using Microsoft.Extensions.Time.Testing;
using RetrainFunctions.Cli.Progress;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Training;
using RetrainFunctions.LocalEngine;
using Spectre.Console.Testing;

namespace RetrainFunctions.Cli.Tests.Progress;

public sealed class RunProgressDisplayTests
{
    private const string RunId = "run-1";
    private readonly FakeTimeProvider _time = new();
    private readonly TestConsole _console = new();

    [Fact]
    public void Plain_StageChanges_LineWhenAStageBeginsAndOneWithItsSecondsWhenItEnds()
    {
        var display = RunProgressDisplay.Plain(_console, _time);

        display.OnProgress(new RunProgress(RunId, PipelineStage.Collect));
        _time.Advance(TimeSpan.FromSeconds(1.2));
        display.OnProgress(new RunProgress(RunId, PipelineStage.Validate, "2 batch(es)"));
        _time.Advance(TimeSpan.FromSeconds(2.1));
        display.OnProgress(new RunProgress(RunId, PipelineStage.Validate, "2 batch(es), profiling"));
        display.OnProgress(new RunProgress(RunId, PipelineStage.Snapshot));

        Assert.Equal(
            [
                "  [run-1] Collect",
                "  Collect      1.2 s",
                "  [run-1] Validate: 2 batch(es)",
                "  [run-1] Validate: 2 batch(es), profiling",
                "  Validate     2.1 s  2 batch(es), profiling",
                "  [run-1] Snapshot",
            ],
            Lines());
    }

    [Fact]
    public void Plain_LineWiderThanTheConsole_StaysOneLine()
    {
        var display = RunProgressDisplay.Plain(_console, _time);
        var command = "retrain approve credit --candidate v2 --digest " + new string('a', 64) + " --by <your-name> --connection " + new string('c', 120);

        display.OnAwaitingApproval(command);

        Assert.Equal([command], Lines());
    }

    [Fact]
    public void Plain_Candidates_OneLinePerCompletionOrFailureWithTheEnginesTime()
    {
        var display = RunProgressDisplay.Plain(_console, _time);
        var fastTree = Request(TrainerKind.FastTree, windowRows: 5_000);
        var lbfgs = Request(TrainerKind.LbfgsLogisticRegression, windowFraction: 0.5);

        display.OnActivity(Execution(fastTree, ActivityExecutionState.Started));
        display.OnActivity(Execution(lbfgs, ActivityExecutionState.Started));
        display.OnActivity(Execution(lbfgs, ActivityExecutionState.Failed, 0.4));
        display.OnActivity(Execution(fastTree, ActivityExecutionState.Completed, 3.2));
        display.OnActivity(new ActivityExecution(RetrainActivityNames.EvaluateModel, "i", Input: null, ActivityExecutionState.Completed, TimeSpan.FromSeconds(1)));

        Assert.Equal(
            ["    candidate LbfgsLogisticRegression, newest 50% of the rows: failed in 0.4 s", "    candidate FastTree, newest 5,000 rows: done in 3.2 s"],
            Lines());
    }

    [Fact]
    public void Complete_StageTooQuickForThePolls_LineFromTheRunRecordAndTableInPipelineOrder()
    {
        var display = RunProgressDisplay.Plain(_console, _time);
        var start = _time.GetUtcNow();
        display.OnProgress(new RunProgress(RunId, PipelineStage.Collect));
        _time.Advance(TimeSpan.FromSeconds(1));
        display.OnProgress(new RunProgress(RunId, PipelineStage.Features));
        _time.Advance(TimeSpan.FromSeconds(2));

        display.Complete(Record(
            new StageTiming(PipelineStage.Collect, start, start.AddSeconds(0.9)),
            new StageTiming(PipelineStage.Snapshot, start.AddSeconds(0.9), start.AddSeconds(1)),
            new StageTiming(PipelineStage.Features, start.AddSeconds(1), start.AddSeconds(3))));

        Assert.Equal(
            ["  Collect      1.0 s", "  Features     2.0 s", "  Snapshot     0.1 s  (between two polls; time from the run record)"],
            Lines().Where(l => !l.StartsWith("  [", StringComparison.Ordinal)));
        var table = Render(display);
        Assert.True(table.IndexOf("Snapshot", StringComparison.Ordinal) < table.IndexOf("Features", StringComparison.Ordinal), table);
        Assert.Contains("0.9 s", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DuringTraining_StagesWithElapsedTimeAndOneRowPerCandidateWithItsState()
    {
        var display = RunProgressDisplay.Live(_time);
        var fastTree = Request(TrainerKind.FastTree);
        var lbfgs = Request(TrainerKind.LbfgsLogisticRegression);
        display.OnProgress(new RunProgress(RunId, PipelineStage.Features));
        _time.Advance(TimeSpan.FromSeconds(1.5));
        display.OnProgress(new RunProgress(RunId, PipelineStage.Train, "2 candidate(s)"));
        display.OnActivity(Execution(fastTree, ActivityExecutionState.Started));
        display.OnActivity(Execution(lbfgs, ActivityExecutionState.Started));
        _time.Advance(TimeSpan.FromSeconds(4));
        display.OnActivity(Execution(lbfgs, ActivityExecutionState.Completed, 3.5));

        var table = Render(display);

        Assert.Empty(_console.Output);
        Assert.Matches(@"Features\s+│\s+1\.5 s", table);
        Assert.Matches(@"Train\s+│\s+4\.0 s …\s+│ 2 candidate\(s\)", table);
        Assert.Matches(@"FastTree, all rows\s+│\s+4\.0 s\s+│ running", table);
        Assert.Matches(@"LbfgsLogisticRegression, all rows\s+│\s+3\.5 s\s+│ done", table);
    }

    [Fact]
    public void Render_AwaitingApproval_PromptBelowTheTable()
    {
        var display = RunProgressDisplay.Live(_time);
        display.OnProgress(new RunProgress(RunId, PipelineStage.Approve, "awaiting approval"));

        display.OnAwaitingApproval("retrain approve credit --candidate v2");

        Assert.Contains("retrain approve credit --candidate v2", Render(display), StringComparison.Ordinal);
    }

    private static TrainRequest Request(TrainerKind trainer, int? windowRows = null, double? windowFraction = null) => new(
        "credit",
        RunId,
        new ModelSpec { Name = "credit", Task = ModelTask.BinaryClassification, Label = new LabelSpec("defaulted", "yes"), Features = [] },
        trainer,
        new SnapshotRef("digest", "manifest", 1, 100, 10, 10),
        "featurizer",
        windowRows,
        windowFraction);

    private static ActivityExecution Execution(TrainRequest request, ActivityExecutionState state, double seconds = 0) =>
        new(RetrainActivityNames.TrainModel, "instance", request, state, TimeSpan.FromSeconds(seconds));

    private RunRecord Record(params StageTiming[] stages) => new()
    {
        Model = "credit",
        RunId = RunId,
        InstanceId = "instance",
        Trigger = RunTrigger.CommandLine,
        StartedAt = _time.GetUtcNow(),
        Stages = stages,
    };

    private static string Render(RunProgressDisplay display)
    {
        var console = new TestConsole().Width(160);
        console.Write(display.Render());
        return console.Output;
    }

    private string[] Lines() => _console.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}
