namespace RetrainFunctions.Core.Storage;

/// <summary>
/// The four string builders that code being moved out of the command line (the backtester, the demo, the benchmarks)
/// still calls; each is a one-line forward to <see cref="ModelArtifacts"/>, where the layout lives. New code uses
/// <see cref="ModelArtifacts"/> and <see cref="ScratchArtifacts"/>; remove this class when those call sites move.
/// </summary>
public static class ArtifactPaths
{
    /// <summary>One incoming file (<see cref="IncomingArtifacts.File"/>).</summary>
    public static string Incoming(string model, string fileName) => ModelArtifacts.For(model).Incoming.File(fileName);

    /// <summary>The production pointer (<see cref="DeploymentArtifacts.Production"/>).</summary>
    public static string ProductionPointer(string model) => ModelArtifacts.For(model).Deployment.Production;

    /// <summary>A deployed model version's model file (<see cref="VersionFolder.Model"/>).</summary>
    public static string VersionModel(string model, string version) => ModelArtifacts.For(model).Versions.Version(version).Model;

    /// <summary>A working file of a tool (<see cref="ScratchArtifacts.File"/>).</summary>
    public static string Scratch(string tool, string fileName) => ScratchArtifacts.File(tool, fileName);
}
