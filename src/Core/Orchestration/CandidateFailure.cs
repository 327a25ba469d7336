using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Orchestration;

/// <summary>A candidate whose training failed after its retries; the others still compete.</summary>
/// <param name="Trainer">The trainer.</param>
/// <param name="Error">The failure, as reported by the activity.</param>
/// <param name="WindowRows">The candidate's training window (the newest rows of the train split), or null for the whole split.</param>
public sealed record CandidateFailure(TrainerKind Trainer, string Error, int? WindowRows = null);
