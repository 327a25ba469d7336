using Microsoft.ML;

namespace RetrainFunctions.Core.Features;

/// <summary>Creates the <see cref="MLContext"/> of every stage with one fixed seed, so runs are reproducible.</summary>
/// <remarks>
/// ML.NET saves and loads a model zip through a temporary file per entry (a dozen or more per model). Where a RAM-backed
/// folder with room to spare exists (<c>/dev/shm</c> with at least <see cref="MinimumRamTempBytes"/> free), every context
/// puts those files there (<see cref="MLContext.TempFilePath"/>); elsewhere ML.NET's default, the system temp folder, is
/// kept. Measured on a Weather backtest of 3,000 rows (88 retrains) on this repository's ext4 disk: 113 s with the
/// default, 87 s with <c>/dev/shm</c>, the same decisions.
/// </remarks>
internal static class MlContexts
{
    /// <summary>The seed of every <see cref="MLContext"/>: 20_260_101.</summary>
    public const int Seed = 20_260_101;

    /// <summary>The free space a RAM-backed folder needs before model temp files go there: 1 GiB (a container's default 64 MB <c>/dev/shm</c> is passed over).</summary>
    public const long MinimumRamTempBytes = 1L << 30;

    private const string RamFolder = "/dev/shm";

    private static readonly Lazy<string?> RamTemp = new(FindRamTemp);

    [ThreadStatic]
    private static MLContext? _loading;

    /// <summary>The folder ML.NET's model temp files go to, or null for ML.NET's default.</summary>
    public static string? TempFolder => RamTemp.Value;

    /// <summary>Creates a seeded context.</summary>
    public static MLContext Create() => WithTempFolder(new MLContext(seed: Seed));

    /// <summary>
    /// This thread's context for loading saved models: loading needs no seed, and a context registers the loader classes
    /// of each ML.NET assembly (a scan of all its attributes) the first time one of its models is loaded, which a fresh
    /// context repeats on every load.
    /// </summary>
    /// <remarks>
    /// Measured with <c>dotnet-trace</c> on a Weather backtest (1,500 rows, a fresh context per load): two-thirds of the
    /// time spent loading models went to that registration. One context per thread keeps it warm without sharing an
    /// <see cref="MLContext"/>'s component catalog between threads; a loaded model's transforms work with any context.
    /// </remarks>
    public static MLContext Loading => _loading ??= Create();

    private static MLContext WithTempFolder(MLContext ml)
    {
        if (TempFolder is { } folder)
        {
            ml.TempFilePath = folder;
        }

        return ml;
    }

    private static string? FindRamTemp()
    {
        try
        {
            if (!OperatingSystem.IsLinux() || !Directory.Exists(RamFolder) || new DriveInfo(RamFolder).AvailableFreeSpace < MinimumRamTempBytes)
            {
                return null;
            }

            // Per user, and checked writable: /dev/shm is shared by every user of the machine.
            var folder = Path.Combine(RamFolder, $"retrainfunctions-ml-{Environment.UserName}");
            var probe = Directory.CreateDirectory(Path.Combine(folder, Path.GetRandomFileName()));
            probe.Delete();
            return folder;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }
}
