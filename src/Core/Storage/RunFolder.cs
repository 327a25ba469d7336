namespace RetrainFunctions.Core.Storage;

/// <summary>The artifacts of one run: <c>runs/{model}/{runId}/</c>.</summary>
public readonly struct RunFolder
{
    internal RunFolder(string prefix) => Prefix = prefix;

    /// <summary>Gets the folder of the run.</summary>
    public string Prefix { get; }

    /// <summary>Gets the fitted feature pipeline of the run.</summary>
    public string Featurizer => Prefix + "featurizer.zip";

    /// <summary>Gets the validation report of the run.</summary>
    public string ValidationReport => Prefix + "validation.json";

    /// <summary>Gets the evaluation report of the run.</summary>
    public string EvaluationReport => Prefix + "evaluation.json";

    /// <summary>Gets the drift report of the run (JSON).</summary>
    public string DriftReport => Prefix + "drift.json";

    /// <summary>Gets the drift report of the run as a self-contained HTML page.</summary>
    public string DriftPage => Prefix + "drift.html";

    /// <summary>
    /// Gets the profile of the challenger's scores on the comparison rows (rows it never trained on), written by the
    /// Evaluate stage; the deployed version's prediction-drift reference (<see cref="VersionFolder.ComparisonScoresProfile"/>).
    /// </summary>
    public string ChallengerScoresProfile => Prefix + "challenger-scores.profile.json";

    /// <summary>Gets the run record.</summary>
    public string Record => Prefix + "record.json";

    /// <summary>A trained candidate of the run.</summary>
    public string Candidate(string trainer) => Prefix + "candidates/" + ArtifactIds.Id(trainer) + ".zip";

    /// <summary>The promoted challenger of the run refitted on the whole window.</summary>
    public string Refit(string trainer) => Prefix + "refit/" + ArtifactIds.Id(trainer) + ".zip";
}
