using Grpc.Core;
using Microsoft.Azure.WebJobs.Script.Grpc.Messages;

namespace RetrainFunctions.HostProtocol.Tests.Infrastructure;

/// <summary>The host's <c>FunctionRpc</c> service: pumps one worker's event stream into a <see cref="WorkerConnection"/>.</summary>
public sealed class FunctionRpcHostService(WorkerConnection connection) : FunctionRpc.FunctionRpcBase
{
    /// <inheritdoc />
    public override async Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(requestStream);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        var writer = Task.Run(async () =>
        {
            await foreach (var message in connection.Outgoing.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(message, context.CancellationToken);
            }
        });

        try
        {
            await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
            {
                connection.Receive(message);
            }
        }
        catch (OperationCanceledException)
        {
            // The worker went away: the stand-in is being disposed.
        }

        connection.Close();
        try
        {
            await writer;
        }
        catch (OperationCanceledException)
        {
            // Same.
        }
    }
}
