using Microsoft.Extensions.Time.Testing;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Fakes;

namespace RetrainFunctions.Core.Tests.Storage;

public sealed class ArtifactLeaseTests
{
    private const string Path = "models/churn/run.lease.json";
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task TryAcquireAsync_HeldAndLive_RefusedNamingTheHolder()
    {
        // Arrange
        var store = new InMemoryArtifactStore();
        await using var first = (await ArtifactLease.TryAcquireAsync(store, Path, "a", Duration, _time)).Lease!;

        // Act
        var second = await ArtifactLease.TryAcquireAsync(store, Path, "b", Duration, _time);

        // Assert
        Assert.Null(second.Lease);
        Assert.Equal("a", second.Holder!.Owner);
    }

    [Fact]
    public async Task TryAcquireAsync_HolderStoppedRenewing_TakenOverAfterExpiryOnly()
    {
        // Arrange: a holder that never renews (as after kill -9): its renewal loop is on a clock that does not move.
        var store = new InMemoryArtifactStore();
        var frozen = new FakeTimeProvider(_time.GetUtcNow());
        var dead = (await ArtifactLease.TryAcquireAsync(store, Path, "dead", Duration, frozen)).Lease!;

        // Act
        _time.Advance(Duration - TimeSpan.FromSeconds(1));
        var early = await ArtifactLease.TryAcquireAsync(store, Path, "b", Duration, _time);
        _time.Advance(TimeSpan.FromSeconds(2));
        var late = await ArtifactLease.TryAcquireAsync(store, Path, "b", Duration, _time);

        // Assert
        Assert.Null(early.Lease);
        Assert.NotNull(late.Lease);
        Assert.Equal("dead", late.Holder!.Owner);
        Assert.False(await dead.RenewAsync(), "the old holder's renewal must fail once taken over");
        Assert.True(dead.Lost);
        await late.Lease!.DisposeAsync();
        Assert.False(await store.ExistsAsync(Path));
    }

    [Fact]
    public async Task TryAcquireAsync_HolderDeclaredDead_TakenOverAtOnce()
    {
        var store = new InMemoryArtifactStore();
        _ = (await ArtifactLease.TryAcquireAsync(store, Path, "crashed", Duration, new FakeTimeProvider(_time.GetUtcNow()))).Lease!;

        var attempt = await ArtifactLease.TryAcquireAsync(store, Path, "b", Duration, _time, holder => holder.Owner == "crashed");

        Assert.NotNull(attempt.Lease);
        await attempt.Lease!.DisposeAsync();
    }

    [Fact]
    public async Task RenewAsync_WhileHeld_MovesTheExpiry()
    {
        var store = new InMemoryArtifactStore();
        await using var lease = (await ArtifactLease.TryAcquireAsync(store, Path, "a", Duration, _time)).Lease!;

        _time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await lease.RenewAsync());
        _time.Advance(TimeSpan.FromSeconds(20));
        var other = await ArtifactLease.TryAcquireAsync(store, Path, "b", Duration, _time);

        Assert.Null(other.Lease);
    }
}
