using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Cli.Errors;
using RetrainFunctions.Cli.Progress;
using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.LocalEngine;
using Spectre.Console;

namespace RetrainFunctions.Cli.Commands;

/// <summary><c>retrain run &lt;model&gt;</c>: one retraining cycle on the in-process Durable engine.</summary>
internal static class RunCommand
{
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(250);

    public static Command Create()
    {
        var model = ModelArgument.Create();
        var force = new Option<bool>("--force") { Description = "Train and evaluate even when no new data arrived, or the retraining policy says not yet." };
        var details = new Option<bool>("--details") { Description = "Print the whole decision (every figure of the gate) instead of its headline." };
        var command = new Command("run", "Run one retraining cycle: collect, validate, snapshot, features, train candidates in parallel, evaluate against production, deploy if better.") { model, force, details };
        var store = StoreSelection.AddTo(command).WithEngineOptions(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (await ModelArgument.ValidatedAsync(parse, model) is not { } name)
            {
                return 2;
            }

            // A typo in --store or a model without a (valid) spec is a usage error, found before anything is written.
            store.EnsureExists(parse);
            var engine = store.Engine(parse);
            await using var services = store.BuildServices(parse);
            await store.LoadSpecAsync(services, parse, name, cancellationToken);

            // One run per model per store, across processes: the lease is renewed while this process lives.
            await using var lease = await RunLeases.AcquireAsync(services, name, engine.RunLeaseDuration, cancellationToken);
            Console.WriteLine($"Store: {store.Describe(parse)}");
            Console.WriteLine($"Engine: {engine.Describe()}");
            var forced = parse.GetValue(force);
            if (!engine.IsDurable)
            {
                // The in-memory engine keeps no state: a run whose process died left batches but no record.
                foreach (var interrupted in await services.GetRequiredService<InterruptedRunRecovery>().RecoverAsync(name, cancellationToken))
                {
                    Console.WriteLine($"Recovered run {interrupted.RunId}: {interrupted.Outcome}. {interrupted.Reason}");
                }
            }

            await using var pipeline = await LocalPipeline.StartAsync(s => store.Configure(s, parse), engine.ToEngineOptions(), cancellationToken);
            var request = new RetrainRequest(name, RunTrigger.CommandLine, forced, Environment.UserName);
            var record = await FollowAsync(pipeline, request, store.CommandArguments(parse), cancellationToken);

            Console.WriteLine();
            Console.WriteLine(Summary(record, parse.GetValue(details)));
            return (int)RunExitCodes.For(record);
        });
        return command;
    }

    /// <summary>
    /// Runs <paramref name="request"/> and shows its progress: a live table of stages and candidates on a terminal, plain
    /// lines otherwise (<see cref="RunProgressDisplay"/>).
    /// </summary>
    private static async Task<RunRecord> FollowAsync(LocalPipeline pipeline, RetrainRequest request, string storeArguments, CancellationToken cancellationToken)
    {
        var console = Terminal.Create();
        if (!console.Profile.Capabilities.Interactive)
        {
            var plain = RunProgressDisplay.Plain(console, TimeProvider.System);
            var record = await pipeline.RunAsync(request, plain.OnProgress, pending => plain.OnAwaitingApproval(ApprovalPrompt(pending, storeArguments)), plain.OnActivity, cancellationToken);
            plain.Complete(record);
            return record;
        }

        var display = RunProgressDisplay.Live(TimeProvider.System);
        return await console.Live(display.Render()).StartAsync(async live =>
        {
            var run = pipeline.RunAsync(request, display.OnProgress, pending => display.OnAwaitingApproval(ApprovalPrompt(pending, storeArguments)), display.OnActivity, cancellationToken);
            while (await Task.WhenAny(run, Task.Delay(RedrawInterval, cancellationToken)) != run)
            {
                live.UpdateTarget(display.Render());
            }

            display.Complete(await run);
            live.UpdateTarget(display.Render());
            return await run;
        });
    }

    /// <summary>What a run waiting for approval prints: the candidate, the deadline and the exact commands that decide, from any shell.</summary>
    internal static string ApprovalPrompt(PendingApproval pending, string storeArguments)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var decide = $"{pending.Model} --candidate {pending.CandidateVersion} --digest {pending.EvaluationDigest} --by <your-name>";
        return string.Join(Environment.NewLine,
            $"  Candidate {pending.CandidateVersion} waits for approval until {pending.Deadline:u} (then the spec's approval.onTimeout applies).",
            $"  Review runs/{pending.Model}/{pending.CandidateVersion}/evaluation.json (sha256 {pending.EvaluationDigest}), then, from any shell:",
            $"    retrain approve {decide} {storeArguments}",
            $"    retrain reject {decide} --reason <why> {storeArguments}");
    }

    internal static string Summary(RunRecord record, bool details = false)
    {
        var table = Terminal.Table("stage", "seconds", "result");
        foreach (var stage in record.Stages)
        {
            Terminal.Row(table, stage.Stage.ToString(), stage.Duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture), StageResult(record, stage.Stage));
        }

        var text = new StringBuilder();
        text.AppendLine($"Run {record.RunId} of {record.Model}: {RunRecordFormatter.Outcome(record)} (exit code {(int)RunExitCodes.For(record)})");
        text.AppendLine(details ? record.Reason : RunRecordFormatter.Headline(record));
        if (RunRecordFormatter.Drift(record) is { } drift)
        {
            text.AppendLine($"Drift of the new data: {drift}.");
        }

        if (record.Validation is { } validation && validation.Accepted.Sum(a => a.Warnings) is > 0 and var warnings)
        {
            text.AppendLine($"Validation: {warnings} warning(s) on accepted batches; see {validation.ReportPath}.");
        }

        if (record.Probation is { Checked: true } probation)
        {
            text.AppendLine($"Probation of {probation.Version}: {(probation.RolledBack ? "rolled back" : "kept")}: {probation.Reason}");
        }

        if (record.Outcome == RunOutcome.Skipped)
        {
            text.AppendLine(record.Policy is { ShouldRetrain: false }
                ? $"The spec's retraining policy said not yet; retrain run {record.Model} --force retrains now anyway (or change policy in specs/{record.Model}.json)."
                : $"retrain run {record.Model} --force retrains on the accepted data anyway.");
        }

        if (RunRecordFormatter.BaselineWarning(record) is { } warning)
        {
            text.AppendLine(warning);
        }

        if (!details && record.Reason is { Length: > 0 } reason && reason != RunRecordFormatter.Headline(record))
        {
            text.AppendLine($"(the whole decision: retrain show {record.Model} {record.RunId}, or run with --details)");
        }

        text.AppendLine();
        text.Append(Terminal.Plain(table));
        return text.ToString();
    }

    private static string StageResult(RunRecord record, PipelineStage stage) => stage switch
    {
        PipelineStage.Collect => $"{record.CollectedBatches?.Count ?? 0} new batch(es), {record.DuplicatesIgnored} duplicate(s)",
        PipelineStage.Validate => RunRecordFormatter.Validation(record),
        PipelineStage.Snapshot => record.Snapshot is { } s ? $"{s.TotalRows:N0} rows ({s.TrainRows:N0}/{s.ValidationRows:N0}/{s.HoldoutRows:N0}) from {s.BatchCount} batch(es)" : "-",
        PipelineStage.Features => record.Features is { } f ? $"{f.FeatureSlots} feature slots" : "-",
        PipelineStage.Train => record.Evaluation is { } e ? RunRecordFormatter.Candidates(record, e.Metric) : $"{record.Candidates?.Count ?? 0} candidate(s)",
        PipelineStage.Evaluate => record.Evaluation is { } ev ? $"{ev.Decision}: challenger {RunRecordFormatter.Challenger(record)} vs production {RunRecordFormatter.Champion(record)}" : "-",
        PipelineStage.Probation => record.Probation?.Reason ?? "-",
        PipelineStage.Decide => record.Policy is { } p ? RunRecordFormatter.Prefixed(p.Verdict.ToString(), p.Reason) : "-",
        PipelineStage.Refit => record.Refit is { } r ? $"{(r.Accepted ? "refit deployed" : "refit refused")} ({r.TrainRows:N0} rows): {r.Reason}" : "-",
        PipelineStage.Approve => record.Approval is { } a ? $"{a.Outcome} by {a.DecidedBy ?? "nobody"}" : "-",
        PipelineStage.Deploy => record.Deployment is { } d ? (d.Deployed ? $"version {d.Version} live" : $"not deployed: {d.Reason}") : "-",
        _ => string.Empty,
    };
}
