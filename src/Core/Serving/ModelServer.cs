using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML;
using Microsoft.ML.Data;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Core.Serving;

/// <summary>
/// Serves the production version of each model from memory. The first request of a model loads it (production pointer
/// → <c>version.json</c> → <c>model.zip</c>, whose SHA-256 must match); afterwards the pointer's ETag is re-checked at
/// most every <see cref="ServingOptions.PointerCheckInterval"/>, in the background, and a new version replaces the old
/// one with one reference swap once it is fully loaded. A request captures one <see cref="ServedModel"/> and is scored
/// by it alone, so no request fails or mixes versions during a swap. Recently served versions stay loaded, so a
/// rollback swaps instantly.
/// </summary>
public sealed class ModelServer
{
    private readonly IArtifactStore _store;
    private readonly ModelSpecStore _specs;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<ModelServer> _logger;
    private readonly ServingOptions _options;
    private readonly ConcurrentDictionary<string, ModelSlot> _slots = new(StringComparer.Ordinal);

    /// <summary>Initializes a new instance of the <see cref="ModelServer"/> class.</summary>
    public ModelServer(IArtifactStore store, ModelSpecStore specs, TimeProvider timeProvider, IOptions<ServingOptions> options, ILogger<ModelServer> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _specs = specs;
        _timeProvider = timeProvider;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Gets the serving options in force.</summary>
    public ServingOptions Options => _options;

    /// <summary>
    /// Returns the version serving <paramref name="model"/> now, or <see langword="null"/> when it has no production
    /// version. Waits only for the first load of a model; later pointer checks run in the background.
    /// </summary>
    /// <exception cref="ModelSpecException">The model has no spec or an invalid one.</exception>
    /// <exception cref="ModelIntegrityException">The production model's bytes do not match its recorded SHA-256.</exception>
    public async Task<ServedModel?> GetProductionAsync(string model, CancellationToken cancellationToken = default)
    {
        ModelName.Validate(model);
        var slot = _slots.GetOrAdd(model, static _ => new ModelSlot());
        var state = slot.State;
        if (state is not null)
        {
            if (_timeProvider.GetTimestamp() >= slot.NextCheck && slot.TryBeginRefresh())
            {
                _ = RefreshInBackgroundAsync(model, slot);
            }

            return state.Served;
        }

        await slot.FirstLoad.WaitAsync(cancellationToken);
        try
        {
            if (slot.State is { } loaded)
            {
                return loaded.Served;
            }

            try
            {
                // A model without a (valid) spec is refused before anything is kept for its name.
                await _specs.LoadAsync(model, cancellationToken);
                await RefreshAsync(model, slot, cancellationToken);
            }
            catch (Exception) when (slot.State is null)
            {
                _slots.TryRemove(new KeyValuePair<string, ModelSlot>(model, slot));
                throw;
            }

            return slot.State?.Served;
        }
        finally
        {
            slot.FirstLoad.Release();
        }
    }

    private async Task RefreshInBackgroundAsync(string model, ModelSlot slot)
    {
        await Task.Yield();
        try
        {
            await RefreshAsync(model, slot, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Keep serving the version in memory; the next check retries. The failure is logged with its exception.
            ServingLog.RefreshFailed(_logger, ex, model, slot.State?.Served?.Version);
            slot.NextCheck = _timeProvider.GetTimestamp() + Ticks(_options.PointerCheckInterval);
        }
        finally
        {
            slot.EndRefresh();
        }
    }

    private async Task RefreshAsync(string model, ModelSlot slot, CancellationToken cancellationToken)
    {
        var pointerPath = ModelArtifacts.For(model).Deployment.Production;
        var properties = await _store.GetPropertiesAsync(pointerPath, cancellationToken);
        var current = slot.State;
        if (properties is not null && current is not null && string.Equals(properties.ETag, current.PointerETag, StringComparison.Ordinal))
        {
            slot.NextCheck = _timeProvider.GetTimestamp() + Ticks(_options.PointerCheckInterval);
            return;
        }

        var pointer = await _store.TryReadJsonWithETagAsync<ProductionPointer>(pointerPath, cancellationToken);
        if (pointer is null)
        {
            ServingLog.NoProduction(_logger, model);

            // Nothing to serve; check again next time (a first deployment shows up without a restart).
            slot.State = new SlotState(null, null);
            slot.NextCheck = _timeProvider.GetTimestamp() + Ticks(_options.PointerCheckInterval);
            return;
        }

        var (value, etag) = pointer.Value;
        var served = slot.Loaded(value.Version) ?? await LoadAsync(model, value.Version, cancellationToken);
        var previous = current?.Served?.Version;
        slot.Remember(served, _options.LoadedVersionsPerModel);
        slot.State = new SlotState(served, etag);
        slot.NextCheck = _timeProvider.GetTimestamp() + Ticks(_options.PointerCheckInterval);
        if (!string.Equals(previous, served.Version, StringComparison.Ordinal))
        {
            ServingLog.VersionSwapped(_logger, model, previous, served.Version);
        }
    }

    private async Task<ServedModel> LoadAsync(string model, string version, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var manifest = await _store.ReadJsonAsync<ModelVersion>(ModelArtifacts.For(model).Versions.Version(version).Manifest, cancellationToken);
        byte[] bytes;
        await using (var source = await _store.OpenReadAsync(ModelArtifacts.For(model).Versions.Version(version).Model, cancellationToken))
        using (var buffer = new MemoryStream())
        {
            await source.CopyToAsync(buffer, cancellationToken);
            bytes = buffer.ToArray();
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(sha, manifest.ModelSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelIntegrityException(
                $"Version '{version}' of model '{model}' is corrupt: {ModelArtifacts.For(model).Versions.Version(version).Model} has SHA-256 {sha}, its version.json records {manifest.ModelSha256}. It is not served.");
        }

        // The version's own spec, never the current one: a spec changed since (a column excluded) must not break it.
        var spec = await _specs.LoadForVersionAsync(manifest, cancellationToken);
        var ml = MlContexts.Create();
        ITransformer transformer;
        DataViewSchema savedSchema;
        using (var stream = new MemoryStream(bytes, writable: false))
        {
            transformer = ml.Model.Load(stream, out savedSchema);
        }

        ServedModel served;
        try
        {
            served = new ServedModel(spec, manifest, transformer, InputSchema(spec, savedSchema, version));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"Version '{version}' of model '{model}' cannot be served with the spec it was trained under: {ex.Message}", ex);
        }
        ServingLog.VersionLoaded(_logger, model, version, manifest.RunId, (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds);
        return served;
    }

    private static DataViewSchema InputSchema(ModelSpec spec, DataViewSchema saved, string version)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var feature in spec.Features)
        {
            var name = MlColumns.ForFeature(feature.Name);
            var type = feature.Type == FeatureType.Numeric ? (DataViewType)NumberDataViewType.Single : TextDataViewType.Instance;
            if (saved.GetColumnOrNull(name) is { } column && !column.Type.Equals(type))
            {
                throw new InvalidDataException($"Version '{version}' of model '{spec.Name}' was trained with '{feature.Name}' as {column.Type}; the spec says {feature.Type}.");
            }

            builder.AddColumn(name, type);
        }

        return builder.ToSchema();
    }

    private long Ticks(TimeSpan interval) => (long)(interval.TotalSeconds * _timeProvider.TimestampFrequency);

    /// <summary>What a model serves now: the version and the pointer ETag it was read under.</summary>
    private sealed record SlotState(ServedModel? Served, string? PointerETag);

    /// <summary>The per-model state: the served version, when to check the pointer next, and loaded versions.</summary>
    private sealed class ModelSlot
    {
        private readonly Lock _lock = new();
        private readonly List<ServedModel> _loaded = [];
        private volatile SlotState? _state;
        private long _nextCheck;
        private int _refreshing;

        public SemaphoreSlim FirstLoad { get; } = new(1, 1);

        public SlotState? State
        {
            get => _state;
            set => _state = value;
        }

        public long NextCheck
        {
            get => Volatile.Read(ref _nextCheck);
            set => Volatile.Write(ref _nextCheck, value);
        }

        public bool TryBeginRefresh() => Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0;

        public void EndRefresh() => Volatile.Write(ref _refreshing, 0);

        public ServedModel? Loaded(string version)
        {
            lock (_lock)
            {
                return _loaded.Find(m => string.Equals(m.Version, version, StringComparison.Ordinal));
            }
        }

        public void Remember(ServedModel served, int keep)
        {
            lock (_lock)
            {
                _loaded.Remove(served);
                _loaded.Insert(0, served);
                if (_loaded.Count > keep)
                {
                    _loaded.RemoveRange(keep, _loaded.Count - keep);
                }
            }
        }
    }
}
