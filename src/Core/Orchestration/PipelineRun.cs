using Microsoft.DurableTask;

namespace RetrainFunctions.Core.Orchestration;

/// <summary>
/// One run in progress inside <see cref="RetrainOrchestrator"/>: its context, request and the record so far. A stage
/// runs through <see cref="StageAsync{T}"/>, which reports progress and times it with orchestration time only.
/// </summary>
internal sealed class PipelineRun(TaskOrchestrationContext context, RetrainRequest request, RunRecord record)
{
    public TaskOrchestrationContext Context { get; } = context;

    public RetrainRequest Request { get; } = request;

    public string Model => Request.Model;

    public string RunId => Record.RunId;

    /// <summary>Gets or sets the record so far.</summary>
    public RunRecord Record { get; set; } = record;

    /// <summary>Runs <paramref name="run"/> as <paramref name="stage"/>: progress first, then the call, timed.</summary>
    public async Task<(T Result, StageTiming Timing)> StageAsync<T>(PipelineStage stage, Func<Task<T>> run, string? detail = null)
    {
        Context.SetCustomStatus(new RunProgress(Record.RunId, stage, detail));
        var startedAt = Context.CurrentUtcDateTime;
        var result = await run();
        return (result, new StageTiming(stage, startedAt, Context.CurrentUtcDateTime));
    }

    /// <summary>The record so far with <paramref name="timing"/> appended.</summary>
    public RunRecord Timed(StageTiming timing) => Record with { Stages = [.. Record.Stages, timing] };
}
