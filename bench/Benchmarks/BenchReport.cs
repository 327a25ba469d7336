namespace RetrainFunctions.Benchmarks;

/// <summary>What <c>retrain bench</c> prints as JSON: our pipeline, the bare ML.NET baseline and, with <c>--python</c>, the Python stack.</summary>
public sealed record BenchReport(
    int Rows,
    int Threads,
    int Cores,
    string OmpWaitPolicy,
    double GenerateSeconds,
    PipelineFigures? Pipeline,
    BaselineFigures? Baseline,
    double? PipelineToBaselineRatio,
    PythonStackFigures? Python = null,
    string? PythonError = null)
{
    /// <summary>
    /// Gets the deployed model's AUC on the baseline's holdout (the pipeline's comparison rows) minus the baseline model's,
    /// or null when the run deployed nothing or a part did not run.
    /// </summary>
    public double? DeployedAucMinusBaseline => Pipeline?.DeployedAuc is { } deployed && Baseline is { } baseline ? Math.Round(deployed - baseline.Auc, 4) : null;
}

/// <summary>
/// The timed run through the real orchestrator. <see cref="ComparisonRows"/> are the rows the gate compared on — the newest
/// 20 %, the baseline's holdout — and <see cref="DeployedAuc"/> the AUC on them of the model deployed (the challenger as
/// evaluated: the bench's spec does not refit it), null when none was.
/// </summary>
public sealed record PipelineFigures(
    double TotalSeconds,
    double UploadSeconds,
    IReadOnlyList<StageFigures> Stages,
    double OrchestrationOverheadSeconds,
    double OrchestrationOverheadShare,
    double PeakWorkingSetMb,
    string Outcome,
    string Reason,
    double ChampionRunSeconds,
    string ChampionOutcome,
    int ComparisonRows = 0,
    double? DeployedAuc = null);

/// <summary>One stage of the timed run.</summary>
public sealed record StageFigures(string Stage, double Seconds, double PeakWorkingSetMb);

/// <summary>The bare ML.NET read → featurize → fit → score on the same file and split.</summary>
public sealed record BaselineFigures(double Seconds, double Auc, double PeakWorkingSetMb);
