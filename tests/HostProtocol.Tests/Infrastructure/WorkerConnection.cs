using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Azure.WebJobs.Script.Grpc.Messages;

namespace RetrainFunctions.HostProtocol.Tests.Infrastructure;

/// <summary>
/// The host's end of one worker's <c>FunctionRpc.EventStream</c>: messages to send, and waiters for the worker's
/// answers. Log messages the worker sends (<see cref="RpcLog"/>) are kept for failure messages.
/// </summary>
public sealed class WorkerConnection
{
    private readonly Channel<StreamingMessage> _outgoing = Channel.CreateUnbounded<StreamingMessage>();
    private readonly ConcurrentDictionary<Guid, (Func<StreamingMessage, bool> Match, TaskCompletionSource<StreamingMessage> Reply)> _waiters = new();
    private readonly ConcurrentQueue<RpcLog> _logs = new();
    private readonly TaskCompletionSource<StartStream> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Gets the worker's <see cref="StartStream"/>, once it connected.</summary>
    public Task<StartStream> Started => _started.Task;

    /// <summary>Gets what the worker logged through the stream so far.</summary>
    public IEnumerable<RpcLog> Logs => _logs;

    internal ChannelReader<StreamingMessage> Outgoing => _outgoing.Reader;

    /// <summary>Sends <paramref name="message"/> and waits for the first worker message matching <paramref name="reply"/>.</summary>
    public async Task<StreamingMessage> SendAsync(StreamingMessage message, Func<StreamingMessage, bool> reply, TimeSpan timeout)
    {
        var id = Guid.NewGuid();
        var waiter = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters[id] = (reply, waiter);
        try
        {
            await _outgoing.Writer.WriteAsync(message);
            return await waiter.Task.WaitAsync(timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"The worker did not answer {message.ContentCase} within {timeout.TotalSeconds:0} s. Worker log:{Environment.NewLine}{LogText()}", ex);
        }
        finally
        {
            _waiters.TryRemove(id, out _);
        }
    }

    /// <summary>The worker's stream log, one line a message, for assertion messages.</summary>
    public string LogText() => string.Join(Environment.NewLine, _logs.Select(l => $"[{l.Level}] {l.Category}: {l.Message} {l.Exception?.Message}"));

    internal void Receive(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.StartStream:
                _started.TrySetResult(message.StartStream);
                return;
            case StreamingMessage.ContentOneofCase.RpcLog:
                _logs.Enqueue(message.RpcLog);
                return;
        }

        foreach (var (_, (match, reply)) in _waiters)
        {
            if (match(message))
            {
                reply.TrySetResult(message);
            }
        }
    }

    internal void Close() => _outgoing.Writer.TryComplete();
}
