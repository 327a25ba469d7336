using Azure.Core;
using Azure.Core.Pipeline;

namespace RetrainFunctions.Reliability.Tests.Faults;

/// <summary>
/// Injects storage faults just before the transport, so the client's retry policy and network timeout see them as
/// real ones: for a seeded share of requests a 500 or 503 answer without asking the server, or a stall longer than the
/// network timeout. <see cref="Select"/> narrows which requests may fail.
/// </summary>
internal sealed class StorageFaultPolicy(int seed, double errorShare, double stallShare, TimeSpan stall) : HttpPipelinePolicy
{
    private readonly Random _random = new(seed);
    private readonly object _gate = new();
    private int _requests;
    private int _errors;
    private int _stalls;

    /// <summary>Gets or sets which requests may fail (method, path). <value>Default: all.</value></summary>
    public Func<RequestMethod, string, bool> Select { get; init; } = (_, _) => true;

    public int Requests => Volatile.Read(ref _requests);

    public int Errors => Volatile.Read(ref _errors);

    public int Stalls => Volatile.Read(ref _stalls);

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Interlocked.Increment(ref _requests);
        switch (Draw(message))
        {
            case Fault.Error:
                Interlocked.Increment(ref _errors);
                message.Response = new InjectedResponse(Requests % 2 == 0 ? 503 : 500);
                return;
            case Fault.Stall:
                Interlocked.Increment(ref _stalls);

                // The network timeout cancels the message's token; the retry policy then tries again.
                await Task.Delay(stall, message.CancellationToken);
                break;
        }

        await ProcessNextAsync(message, pipeline);
    }

    private Fault Draw(HttpMessage message)
    {
        if (!Select(message.Request.Method, message.Request.Uri.Path))
        {
            return Fault.None;
        }

        double draw;
        lock (_gate)
        {
            draw = _random.NextDouble();
        }

        return draw < errorShare ? Fault.Error : draw < errorShare + stallShare ? Fault.Stall : Fault.None;
    }

    private enum Fault
    {
        None,
        Error,
        Stall,
    }
}
