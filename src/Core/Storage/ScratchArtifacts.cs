namespace RetrainFunctions.Core.Storage;

/// <summary>The store-wide area of tools' working files (<c>scratch/{tool}/{file}</c>); never read by the pipeline, <c>retrain gc</c> empties it.</summary>
public static class ScratchArtifacts
{
    /// <summary>The prefix of the scratch area.</summary>
    public const string Prefix = "scratch/";

    /// <summary>A working file of a tool such as the demo.</summary>
    public static string File(string tool, string fileName) => $"{Prefix}{ArtifactIds.Id(tool)}/{ArtifactIds.FileName(fileName)}";
}
