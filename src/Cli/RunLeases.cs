using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Cli.Errors;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Cli;

/// <summary>
/// The command line's use of <see cref="ArtifactLease"/>: one <c>retrain run</c> per model per store. The owner is
/// <c>{machine}:{pid}:{nonce}</c>, so a holder on this machine whose process is gone (kill -9) is taken over at once;
/// one elsewhere after its lease lapses.
/// </summary>
internal static class RunLeases
{
    /// <summary>Takes the run lease of <paramref name="model"/> or throws a <see cref="ExitCode.Busy"/> error naming the holder.</summary>
    public static async Task<ArtifactLease> AcquireAsync(IServiceProvider services, string model, TimeSpan duration, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<IArtifactStore>();
        var owner = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");
        var attempt = await ArtifactLease.TryAcquireAsync(store, ModelArtifacts.For(model).Deployment.RunLease, owner, duration, TimeProvider.System, IsDeadOnThisMachine, cancellationToken);
        if (attempt.Lease is { } lease)
        {
            return lease;
        }

        var holder = attempt.Holder!;
        throw new CommandLineException(
            $"model '{model}' is being run by another process ({Describe(holder.Owner)}, since {holder.AcquiredAt:u}); nothing was started. Run again when it ends (if that process died, its lease lapses at {holder.ExpiresAt:u}).",
            ExitCode.Busy);
    }

    private static bool IsDeadOnThisMachine(LeaseDocument holder)
    {
        var parts = holder.Owner.Split(':');
        if (parts.Length != 3 || !string.Equals(parts[0], Environment.MachineName, StringComparison.Ordinal) || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private static string Describe(string owner) => owner.Split(':') is [var machine, var pid, _] ? $"process {pid} on {machine}" : owner;
}
