using System.Globalization;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Training;
using RetrainFunctions.LocalEngine;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace RetrainFunctions.Cli.Progress;

/// <summary>
/// What <c>retrain run</c> shows while a run works: each stage reached with its elapsed time and detail, and during
/// training each candidate (trainer and window) with its elapsed time and state. On a terminal it is a table that a
/// Spectre <c>Live</c> display redraws (<see cref="Render"/>); otherwise (<see cref="Plain"/>) it writes plain lines: one
/// when a stage begins or its detail changes (<c>  [runId] Stage: detail</c>), one when it ends (with the seconds it
/// took) and one when a candidate completes or fails. Stage times are measured
/// between two polls of the orchestration's status (100 ms apart); candidate times are the engine's own
/// (<see cref="ActivityExecutionMonitor"/>). Thread-safe: activities report from their own threads.
/// </summary>
internal sealed class RunProgressDisplay
{
    private readonly Lock _gate = new();
    private readonly IAnsiConsole? _plain;
    private readonly TimeProvider _time;
    private readonly List<StageRow> _stages = [];
    private readonly List<CandidateRow> _candidates = [];
    private string? _note;

    private RunProgressDisplay(IAnsiConsole? plain, TimeProvider time)
    {
        _plain = plain;
        _time = time;
    }

    /// <summary>A display that writes plain lines to <paramref name="console"/> as stages begin and end and candidates finish.</summary>
    public static RunProgressDisplay Plain(IAnsiConsole console, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(time);
        return new(console, time);
    }

    /// <summary>A display that writes nothing itself: a live display draws <see cref="Render"/> again and again.</summary>
    public static RunProgressDisplay Live(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return new(null, time);
    }

    /// <summary>The orchestration's status changed: a new stage (the previous one ended) or a new detail of the current one.</summary>
    public void OnProgress(RunProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_stages.Count > 0 && _stages[^1] is { Elapsed: null } current && current.Stage == progress.Stage && current.RunId == progress.RunId)
            {
                current.Detail = progress.Detail ?? current.Detail;
            }
            else
            {
                CloseCurrentStage(now);
                _stages.Add(new StageRow(progress.RunId, progress.Stage, now) { Detail = progress.Detail });
            }

            // What runs now, in the form scripts and the kill tests wait for ("] Validate").
            WritePlain($"  [{progress.RunId}] {progress.Stage}{(progress.Detail is null ? string.Empty : ": " + progress.Detail)}");
        }
    }

    /// <summary>An activity of the run started, completed or failed; training candidates get a row of their own.</summary>
    public void OnActivity(ActivityExecution execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        if (execution.Input is not TrainRequest request)
        {
            return;
        }

        lock (_gate)
        {
            var label = CandidateLabel(request);
            var row = _candidates.FirstOrDefault(c => c.Label == label);
            if (execution.State == ActivityExecutionState.Started)
            {
                // A retry after a failure runs the same candidate again: its row restarts.
                row ??= AddCandidate(label);
                (row.Started, row.State, row.Elapsed) = (_time.GetTimestamp(), ActivityExecutionState.Started, null);
                return;
            }

            row ??= AddCandidate(label);
            (row.State, row.Elapsed) = (execution.State, execution.Elapsed);
            WritePlain(string.Create(CultureInfo.InvariantCulture, $"    candidate {label}: {StateName(execution.State)} in {execution.Elapsed.TotalSeconds:0.0} s"));
        }
    }

    /// <summary>The run waits for approval: the prompt (what to run to decide) is shown below the table.</summary>
    public void OnAwaitingApproval(string prompt)
    {
        ArgumentException.ThrowIfNullOrEmpty(prompt);
        lock (_gate)
        {
            _note = prompt;
            WritePlain(prompt);
        }
    }

    /// <summary>
    /// The run ended: the last stage ends, and stages too quick for the polls to see are added with their times from
    /// the run record (plain lines say so); the table then shows every stage's recorded time.
    /// </summary>
    public void Complete(RunRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            CloseCurrentStage(_time.GetTimestamp());
            foreach (var timing in record.Stages)
            {
                var row = _stages.FirstOrDefault(s => s.Stage == timing.Stage && s.RunId == record.RunId);
                if (row is null)
                {
                    row = new StageRow(record.RunId, timing.Stage, 0);
                    _stages.Add(row);
                    WritePlain(StageLine(timing.Stage, timing.CompletedAt - timing.StartedAt, "(between two polls; time from the run record)"));
                }

                row.Elapsed = timing.CompletedAt - timing.StartedAt;
            }

            _note = null;
            var runs = _stages.Select(s => s.RunId).Distinct().ToList();
            var ordered = _stages.OrderBy(s => runs.IndexOf(s.RunId)).ThenBy(s => s.Stage).ToList();
            _stages.Clear();
            _stages.AddRange(ordered);
        }
    }

    /// <summary>The table of stages and candidates as it stands, for a live display.</summary>
    public IRenderable Render()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var table = new Table().Border(TableBorder.Rounded).AddColumns("stage", "elapsed", "detail");
            table.Columns[1].RightAligned();
            foreach (var stage in _stages)
            {
                var running = stage.Elapsed is null;
                table.AddRow(
                    new Text(stage.Stage.ToString(), running ? new Style(decoration: Decoration.Bold) : Style.Plain),
                    new Text(Seconds(stage.Elapsed ?? _time.GetElapsedTime(stage.Started, now)) + (running ? " …" : string.Empty)),
                    new Text(stage.Detail ?? string.Empty));
                if (stage.Stage == PipelineStage.Train)
                {
                    AddCandidateRows(table, now);
                }
            }

            return _note is null ? table : new Rows(table, new Text(_note));
        }
    }

    /// <summary>A candidate's name: its trainer and the window of rows it trains on.</summary>
    internal static string CandidateLabel(TrainRequest request)
    {
        var window = request.WindowRows is { } rows ? string.Create(CultureInfo.InvariantCulture, $"newest {rows:N0} rows")
            : request.WindowFraction is { } share ? string.Create(CultureInfo.InvariantCulture, $"newest {share * 100:0.#}% of the rows")
            : "all rows";
        if (request.HalfLifeFraction is { } part)
        {
            window += string.Create(CultureInfo.InvariantCulture, $", weighted by recency (half-life {part * 100:0.#}% of them)");
        }

        return $"{request.Trainer}, {window}{(request.IncludeSelection ? ", the challenger's fit on training + selection rows" : string.Empty)}";
    }

    private void AddCandidateRows(Table table, long now)
    {
        foreach (var candidate in _candidates)
        {
            var elapsed = candidate.Elapsed ?? _time.GetElapsedTime(candidate.Started, now);
            var style = candidate.State switch
            {
                ActivityExecutionState.Completed => new Style(Color.Green),
                ActivityExecutionState.Failed => new Style(Color.Red),
                _ => Style.Plain,
            };
            table.AddRow(new Text("  " + candidate.Label), new Text(Seconds(elapsed)), new Text(StateName(candidate.State), style));
        }
    }

    private CandidateRow AddCandidate(string label)
    {
        var row = new CandidateRow(label);
        _candidates.Add(row);
        return row;
    }

    private void CloseCurrentStage(long now)
    {
        if (_stages.Count == 0 || _stages[^1] is not { Elapsed: null } current)
        {
            return;
        }

        current.Elapsed = _time.GetElapsedTime(current.Started, now);
        WritePlain(StageLine(current.Stage, current.Elapsed.Value, current.Detail));
    }

    /// <summary>Writes a plain line as it is: not wrapped at the console's width, so that a long command stays one line.</summary>
    private void WritePlain(string line) => _plain?.Profile.Out.Writer.WriteLine(line);

    private static string StageLine(PipelineStage stage, TimeSpan elapsed, string? detail) =>
        $"  {stage,-10}{Seconds(elapsed),8}  {detail}".TrimEnd();

    private static string Seconds(TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds:0.0} s");

    private static string StateName(ActivityExecutionState state) => state switch
    {
        ActivityExecutionState.Completed => "done",
        ActivityExecutionState.Failed => "failed",
        _ => "running",
    };

    private sealed class StageRow(string runId, PipelineStage stage, long started)
    {
        public string RunId { get; } = runId;

        public PipelineStage Stage { get; } = stage;

        public long Started { get; } = started;

        public string? Detail { get; set; }

        /// <summary>Null while the stage runs.</summary>
        public TimeSpan? Elapsed { get; set; }
    }

    private sealed class CandidateRow(string label)
    {
        public string Label { get; } = label;

        public long Started { get; set; }

        public ActivityExecutionState State { get; set; }

        /// <summary>Null while the candidate trains.</summary>
        public TimeSpan? Elapsed { get; set; }
    }
}
