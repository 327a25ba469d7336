using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Core.Orchestration;

/// <summary>A candidate whose training failed after its retries; the others still compete.</summary>
/// <param name="Trainer">The trainer.</param>
/// <param name="Error">The failure, as reported by the activity.</param>
/// <param name="WindowRows">The candidate's training window (the newest rows of the train split), or null for the whole split.</param>
/// <param name="WindowFraction">When set, the candidate trains on the newest this share of its rows (<see cref="Specs.WindowSpec.CandidateFractions"/>); the refit uses the same share of the whole snapshot.</param>
/// <param name="HalfLifeFraction">When set, the candidate weights its rows by recency with a half-life of this share of them (<see cref="Specs.WindowSpec.CandidateHalfLives"/>).</param>
public sealed record CandidateFailure(TrainerKind Trainer, string Error, int? WindowRows = null, double? WindowFraction = null, double? HalfLifeFraction = null);
