using System.Diagnostics;

namespace RetrainFunctions.Core.Storage;

/// <summary>
/// Serialises commits to one artifact path of a <see cref="LocalFolderArtifactStore"/>: first an in-process
/// <see cref="SemaphoreSlim"/> per path (so threads queue instead of spinning), then a lock file opened with
/// <see cref="FileShare.None"/> (an OS file lock, so other processes and other store instances on the same
/// folder are excluded too), retried with a short exponential backoff.
/// </summary>
/// <remarks>
/// Lock files are never deleted: deleting a lock file while another process has it open but not yet locked
/// would let two processes lock two different files for the same path.
/// </remarks>
internal sealed class LocalFolderLocks
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(50);

    private readonly Dictionary<string, Gate> _gates = new(StringComparer.Ordinal);
    private readonly TimeSpan _timeout;

    public LocalFolderLocks(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _timeout = timeout;
    }

    /// <summary>Takes the lock of <paramref name="key"/>, whose lock file is <paramref name="lockFilePath"/>.</summary>
    /// <exception cref="TimeoutException">The lock file stayed locked by someone else for longer than the timeout.</exception>
    public async Task<IAsyncDisposable> AcquireAsync(string key, string lockFilePath, CancellationToken cancellationToken = default)
    {
        var gate = Enter(key);
        try
        {
            await gate.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(key, gate, entered: false);
            throw;
        }

        try
        {
            var file = await OpenLockFileAsync(lockFilePath, cancellationToken);
            return new Held(this, key, gate, file);
        }
        catch
        {
            Leave(key, gate, entered: true);
            throw;
        }
    }

    private static bool IsLockedByOther(IOException exception) =>
        exception.GetType() == typeof(IOException)
        && exception.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021); // EWOULDBLOCK (Linux, macOS), sharing or lock violation (Windows)

    private async Task<FileStream> OpenLockFileAsync(string lockFilePath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(lockFilePath)!);
        var waited = Stopwatch.StartNew();
        var backoff = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new FileStream(lockFilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
            }
            catch (IOException exception) when (IsLockedByOther(exception))
            {
                if (waited.Elapsed >= _timeout)
                {
                    throw new TimeoutException($"The lock file '{lockFilePath}' stayed locked by another writer for {_timeout.TotalSeconds:0} s.", exception);
                }
            }

            await Task.Delay(backoff, cancellationToken);
            backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
        }
    }

    private Gate Enter(string key)
    {
        lock (_gates)
        {
            if (!_gates.TryGetValue(key, out var gate))
            {
                gate = new Gate();
                _gates.Add(key, gate);
            }

            gate.Users++;
            return gate;
        }
    }

    private void Leave(string key, Gate gate, bool entered)
    {
        if (entered)
        {
            gate.Semaphore.Release();
        }

        lock (_gates)
        {
            if (--gate.Users == 0)
            {
                _gates.Remove(key);
                gate.Semaphore.Dispose();
            }
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Held(LocalFolderLocks owner, string key, Gate gate, FileStream file) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            try
            {
                await file.DisposeAsync();
            }
            finally
            {
                owner.Leave(key, gate, entered: true);
            }
        }
    }
}
