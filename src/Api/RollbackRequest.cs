namespace RetrainFunctions.Api;

/// <summary>The body of <c>POST /api/models/{model}/rollback</c>.</summary>
/// <param name="Version">The version to restore; default: the version production replaced (the pointer's previous version).</param>
/// <param name="By">Who asks (recorded in the pointer history). Required.</param>
public sealed record RollbackRequest(string? Version, string? By);
