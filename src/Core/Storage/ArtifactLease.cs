namespace RetrainFunctions.Core.Storage;

/// <summary>
/// A lease on one artifact path, for mutual exclusion across processes sharing a store (a local folder or a blob
/// container): taken with an if-not-exists write, or over an expired holder with an if-match write, renewed in the
/// background with if-match writes while held, deleted when released. A holder that dies (kill -9) stops renewing, and
/// its lease lapses after <c>duration</c>. Two contenders never both hold it: every write is conditional on the ETag read.
/// </summary>
public sealed class ArtifactLease : IAsyncDisposable
{
    private readonly IArtifactStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _duration;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _renewGate = new(1, 1);
    private readonly Task _renewal;
    private LeaseDocument _document;
    private string _etag;

    private ArtifactLease(IArtifactStore store, string path, LeaseDocument document, string etag, TimeSpan duration, TimeProvider timeProvider)
    {
        _store = store;
        Path = path;
        _document = document;
        _etag = etag;
        _duration = duration;
        _timeProvider = timeProvider;
        _renewal = RenewLoopAsync(_stop.Token);
    }

    /// <summary>Gets the leased artifact's path.</summary>
    public string Path { get; }

    /// <summary>Gets whether the lease was lost (a renewal found another holder: this one stalled past its expiry).</summary>
    public bool Lost { get; private set; }

    /// <summary>
    /// Takes the lease at <paramref name="path"/> for <paramref name="owner"/>, or returns the live holder. A holder whose
    /// lease expired, or that <paramref name="isDead"/> says is gone, is taken over.
    /// </summary>
    public static async Task<LeaseAttempt> TryAcquireAsync(
        IArtifactStore store,
        string path,
        string owner,
        TimeSpan duration,
        TimeProvider timeProvider,
        Func<LeaseDocument, bool>? isDead = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var current = await store.TryReadJsonWithETagAsync<LeaseDocument>(path, cancellationToken);
        var now = timeProvider.GetUtcNow();
        if (current is { } held && held.Value.ExpiresAt > now && isDead?.Invoke(held.Value) != true)
        {
            return new LeaseAttempt(null, held.Value);
        }

        var document = new LeaseDocument(owner, now, now + duration);
        var condition = current is { } previous ? ArtifactWriteCondition.IfMatch(previous.ETag) : ArtifactWriteCondition.IfNotExists;
        try
        {
            var written = await store.WriteJsonAsync(path, document, condition, cancellationToken);
            return new LeaseAttempt(new ArtifactLease(store, path, document, written.ETag, duration, timeProvider), current?.Value);
        }
        catch (ArtifactConditionFailedException)
        {
            // Another contender won between the read and the write.
            var winner = await store.TryReadJsonWithETagAsync<LeaseDocument>(path, cancellationToken);
            return new LeaseAttempt(null, winner?.Value ?? current?.Value);
        }
    }

    /// <summary>Extends the lease by its duration from now; returns false (and sets <see cref="Lost"/>) when another holder took it.</summary>
    public async Task<bool> RenewAsync(CancellationToken cancellationToken = default)
    {
        await _renewGate.WaitAsync(cancellationToken);
        try
        {
            var document = _document with { ExpiresAt = _timeProvider.GetUtcNow() + _duration };
            var written = await _store.WriteJsonAsync(Path, document, ArtifactWriteCondition.IfMatch(_etag), cancellationToken);
            (_document, _etag) = (document, written.ETag);
            return true;
        }
        catch (ArtifactConditionFailedException)
        {
            Lost = true;
            return false;
        }
        finally
        {
            _renewGate.Release();
        }
    }

    /// <summary>Stops renewing and deletes the lease if it is still this holder's.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _renewal;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
        _renewGate.Dispose();
        var current = await _store.TryReadJsonWithETagAsync<LeaseDocument>(Path, CancellationToken.None);
        if (current is { } held && string.Equals(held.ETag, _etag, StringComparison.Ordinal))
        {
            await _store.DeleteAsync(Path, CancellationToken.None);
        }
    }

    private async Task RenewLoopAsync(CancellationToken cancellationToken)
    {
        var interval = _duration / 3;
        while (!Lost)
        {
            await Task.Delay(interval, _timeProvider, cancellationToken);
            try
            {
                await RenewAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A transient storage failure: the next tick retries, well before the lease lapses.
            }
        }
    }
}
