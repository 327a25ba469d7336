namespace RetrainFunctions.Core.Specs;

/// <summary>Which candidates the selection rows choose the challenger among (<see cref="GateSpec.SelectAmong"/>).</summary>
public enum CandidateSelection
{
    /// <summary>Every trainer × window candidate.</summary>
    All,

    /// <summary>
    /// Only the <see cref="TrainerKind.Ensemble"/> candidates, one per window: the other trainers are still trained on every
    /// window, as the ensembles' members, but do not compete on their own. The selection rows then choose a window, not
    /// a model family. Without an ensemble among the candidates (none listed, or every one failed) every candidate competes.
    /// </summary>
    Ensembles,
}
