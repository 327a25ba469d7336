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
    string? PythonError = null);

/// <summary>The timed run through the real orchestrator.</summary>
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
    string ChampionOutcome);

/// <summary>One stage of the timed run.</summary>
public sealed record StageFigures(string Stage, double Seconds, double PeakWorkingSetMb);

/// <summary>The bare ML.NET read → featurize → fit → score on the same file and split.</summary>
public sealed record BaselineFigures(double Seconds, double Auc, double PeakWorkingSetMb);
