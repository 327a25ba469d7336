using System.Diagnostics;

namespace RetrainFunctions.Benchmarks;

/// <summary>Samples the process working set every 20 ms and keeps the peak per label (the stage in progress).</summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private readonly Dictionary<string, long> _peaks = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile string _label;

    /// <summary>Starts sampling, under <paramref name="initialLabel"/>.</summary>
    public MemorySampler(string initialLabel)
    {
        _label = initialLabel;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Gets or sets the label the next samples count under.</summary>
    public string Label
    {
        get => _label;
        set => _label = value;
    }

    /// <summary>Gets the peak working set in bytes per label so far.</summary>
    public IReadOnlyDictionary<string, long> Peaks
    {
        get
        {
            lock (_peaks)
            {
                return new Dictionary<string, long>(_peaks, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Stops sampling.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // Stopping is the normal end of the loop.
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var process = Process.GetCurrentProcess();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        do
        {
            process.Refresh();
            var workingSet = process.WorkingSet64;
            lock (_peaks)
            {
                var label = _label;
                _peaks[label] = Math.Max(_peaks.GetValueOrDefault(label), workingSet);
            }
        }
        while (await timer.WaitForNextTickAsync(_stop.Token));
    }
}
