using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Azure.WebJobs.Script.Grpc.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RetrainFunctions.HostProtocol.Tests.Infrastructure;

/// <summary>
/// A stand-in for the Azure Functions host, for tests: serves <c>FunctionRpc</c> over gRPC (HTTP/2, loopback, free
/// port), starts the built worker as the host does (<c>dotnet RetrainFunctions.Functions.dll</c> with the host's
/// command-line arguments and the app settings as environment variables), and walks it through init, worker indexing
/// and one load per function. Invocations are then sent one by one; HTTP ones are forwarded to the worker's
/// ASP.NET Core endpoint with <c>x-ms-invocation-id</c>, as the host's proxy does.
/// </summary>
public sealed class FunctionsHostStandIn : IAsyncDisposable
{
    /// <summary>How long any one answer of the worker may take.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(90);

    private readonly WebApplication _server;
    private readonly Process _worker;
    private readonly StringBuilder _workerOutput;
    private readonly HttpClient _http = new() { Timeout = AnswerTimeout };

    private FunctionsHostStandIn(WebApplication server, Process worker, StringBuilder workerOutput, WorkerConnection connection)
    {
        _server = server;
        _worker = worker;
        _workerOutput = workerOutput;
        Connection = connection;
    }

    /// <summary>Gets the stream to the worker.</summary>
    public WorkerConnection Connection { get; }

    /// <summary>Gets the worker's answer to <see cref="WorkerInitRequest"/>.</summary>
    public WorkerInitResponse Init { get; private set; } = new();

    /// <summary>Gets the functions the worker indexed, by name.</summary>
    public IReadOnlyDictionary<string, RpcFunctionMetadata> Functions { get; private set; } = new Dictionary<string, RpcFunctionMetadata>();

    /// <summary>Gets the worker's answer to each <see cref="FunctionLoadRequest"/>, by function name.</summary>
    public IReadOnlyDictionary<string, FunctionLoadResponse> Loads { get; private set; } = new Dictionary<string, FunctionLoadResponse>();

    /// <summary>Gets the worker's ASP.NET Core endpoint (capability <c>HttpUri</c>).</summary>
    public Uri HttpUri => new(Init.Capabilities["HttpUri"]);

    /// <summary>Starts the stand-in and the worker in <paramref name="appDirectory"/>, and indexes and loads every function.</summary>
    public static async Task<FunctionsHostStandIn> StartAsync(string appDirectory, IReadOnlyDictionary<string, string> appSettings)
    {
        var workerDll = Path.Combine(appDirectory, "RetrainFunctions.Functions.dll");
        if (!File.Exists(workerDll))
        {
            throw new InvalidOperationException($"The Functions app is not built: {workerDll} is missing. Build the solution first (./test.sh does).");
        }

        var connection = new WorkerConnection();
        var server = BuildServer(connection);
        await server.StartAsync();
        var address = new Uri(server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());

        var workerId = Guid.NewGuid().ToString();
        var requestId = Guid.NewGuid().ToString();
        var output = new StringBuilder();
        var worker = StartWorker(appDirectory, workerDll, address, workerId, requestId, appSettings, output);
        var host = new FunctionsHostStandIn(server, worker, output, connection);
        try
        {
            await host.HandshakeAsync(appDirectory);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends one <see cref="InvocationRequest"/> to <paramref name="function"/> and returns the worker's answer.</summary>
    public async Task<InvocationResponse> InvokeAsync(string function, IEnumerable<ParameterBinding> inputs, IReadOnlyDictionary<string, TypedData>? triggerMetadata = null)
    {
        var request = NewInvocation(function, inputs, triggerMetadata);
        var reply = await Connection.SendAsync(
            new StreamingMessage { RequestId = Guid.NewGuid().ToString(), InvocationRequest = request },
            m => m.InvocationResponse?.InvocationId == request.InvocationId,
            AnswerTimeout);
        return reply.InvocationResponse;
    }

    /// <summary>
    /// Invokes the HTTP function <paramref name="function"/>: the <see cref="InvocationRequest"/> (route values as trigger
    /// metadata) and, at the same time, <paramref name="request"/> forwarded to the worker's HTTP endpoint with
    /// <c>x-ms-invocation-id</c>. Returns the HTTP response the worker wrote and its <see cref="InvocationResponse"/>.
    /// </summary>
    public async Task<(HttpResponseMessage Response, InvocationResponse Invocation)> InvokeHttpAsync(
        string function, HttpRequestMessage request, IReadOnlyDictionary<string, string> routeValues, IEnumerable<ParameterBinding> otherInputs)
    {
        ArgumentNullException.ThrowIfNull(request);
        var metadata = routeValues.ToDictionary(p => p.Key, p => new TypedData { String = p.Value });
        var trigger = Functions[function].Bindings.Single(b => b.Value.Type == "httpTrigger").Key;
        var requestUri = request.RequestUri!;
        var http = new RpcHttp { Method = request.Method.Method, Url = requestUri.ToString() };
        var invocation = NewInvocation(function, [new ParameterBinding { Name = trigger, Data = new TypedData { Http = http } }, .. otherInputs], metadata);

        // The proxy keeps the path and query and sends the request to the worker's own listener.
        var forwarded = new HttpRequestMessage(request.Method, new Uri(HttpUri, requestUri.PathAndQuery)) { Content = request.Content };
        foreach (var header in request.Headers)
        {
            forwarded.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        forwarded.Headers.Host = requestUri.Authority;
        forwarded.Headers.Add("x-ms-invocation-id", invocation.InvocationId);
        var answer = Connection.SendAsync(
            new StreamingMessage { RequestId = Guid.NewGuid().ToString(), InvocationRequest = invocation },
            m => m.InvocationResponse?.InvocationId == invocation.InvocationId,
            AnswerTimeout);
        var response = await _http.SendAsync(forwarded);
        return (response, (await answer).InvocationResponse);
    }

    /// <summary>A string input (what the Durable extension sends for <c>[DurableClient]</c>, orchestrator and activity triggers).</summary>
    public static ParameterBinding StringInput(string name, string value) => new() { Name = name, Data = new TypedData { String = value } };

    /// <summary>Gets the name of <paramref name="function"/>'s binding of <paramref name="type"/>.</summary>
    public string BindingName(string function, string type) => Functions[function].Bindings.Single(b => b.Value.Type == type).Key;

    /// <summary>The worker's console output and stream log, for assertion messages.</summary>
    public string Diagnostics()
    {
        lock (_workerOutput)
        {
            return $"Worker output:{Environment.NewLine}{_workerOutput}{Environment.NewLine}Stream log:{Environment.NewLine}{Connection.LogText()}";
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_worker.HasExited)
        {
            _worker.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _worker.WaitForExitAsync(timeout.Token);
        }

        _worker.Dispose();
        Connection.Close();
        await _server.StopAsync();
        await _server.DisposeAsync();
    }

    private static WebApplication BuildServer(WorkerConnection connection)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddRoutingCore();
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = null);
        builder.Services.AddSingleton(connection);
        var app = builder.Build();
        app.MapGrpcService<FunctionRpcHostService>();
        return app;
    }

    private static Process StartWorker(
        string appDirectory, string workerDll, Uri address, string workerId, string requestId, IReadOnlyDictionary<string, string> appSettings, StringBuilder output)
    {
        var port = address.Port.ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = appDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            workerDll,
            "--host", "127.0.0.1", "--port", port, "--workerId", workerId, "--requestId", requestId, "--grpcMaxMessageLength", "2147483647",
            "--functions-uri", $"http://127.0.0.1:{port}/", "--functions-worker-id", workerId, "--functions-request-id", requestId,
            "--functions-grpc-max-message-length", "2147483647",
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in appSettings)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private async Task HandshakeAsync(string appDirectory)
    {
        var connected = await Task.WhenAny(Connection.Started, Task.Delay(ConnectTimeout), WaitForExitAsync());
        if (connected != Connection.Started)
        {
            throw new InvalidOperationException($"The worker did not open the event stream within {ConnectTimeout.TotalSeconds:0} s (exited: {_worker.HasExited}). {Diagnostics()}");
        }

        var init = new WorkerInitRequest { HostVersion = "4.1000.0", WorkerDirectory = appDirectory, FunctionAppDirectory = appDirectory };
        foreach (var capability in new[] { "RpcHttpBodyOnly", "RpcHttpTriggerMetadataRemoved", "IgnoreEmptyValuedRpcHttpHeaders", "UseNullableValueDictionaryForHttp", "TypedDataCollection", "WorkerStatus", "HandlesWorkerTerminateMessage", "HandlesInvocationCancelMessage", "IncludeEmptyEntriesInMessagePayload" })
        {
            init.Capabilities[capability] = "true";
        }

        Init = (await Connection.SendAsync(
            new StreamingMessage { RequestId = Guid.NewGuid().ToString(), WorkerInitRequest = init },
            m => m.ContentCase == StreamingMessage.ContentOneofCase.WorkerInitResponse,
            AnswerTimeout)).WorkerInitResponse;

        var metadata = (await Connection.SendAsync(
            new StreamingMessage { RequestId = Guid.NewGuid().ToString(), FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory } },
            m => m.ContentCase == StreamingMessage.ContentOneofCase.FunctionMetadataResponse,
            AnswerTimeout)).FunctionMetadataResponse;
        Functions = metadata.FunctionMetadataResults.ToDictionary(f => f.Name, StringComparer.Ordinal);

        var loads = new Dictionary<string, FunctionLoadResponse>(StringComparer.Ordinal);
        foreach (var function in Functions.Values)
        {
            var load = new FunctionLoadRequest { FunctionId = function.FunctionId, Metadata = function };
            loads[function.Name] = (await Connection.SendAsync(
                new StreamingMessage { RequestId = Guid.NewGuid().ToString(), FunctionLoadRequest = load },
                m => m.FunctionLoadResponse?.FunctionId == function.FunctionId,
                AnswerTimeout)).FunctionLoadResponse;
        }

        Loads = loads;
    }

    private async Task WaitForExitAsync() => await _worker.WaitForExitAsync();

    private InvocationRequest NewInvocation(string function, IEnumerable<ParameterBinding> inputs, IReadOnlyDictionary<string, TypedData>? triggerMetadata)
    {
        var request = new InvocationRequest
        {
            InvocationId = Guid.NewGuid().ToString(),
            FunctionId = Functions[function].FunctionId,
            TraceContext = new RpcTraceContext { TraceParent = "00-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + "-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..8]) + "-01" },
        };
        request.InputData.AddRange(inputs);
        foreach (var (name, value) in triggerMetadata ?? new Dictionary<string, TypedData>())
        {
            request.TriggerMetadata[name] = value;
        }

        return request;
    }

    /// <summary>Bytes for <see cref="TypedData.Bytes"/> and <see cref="ModelBindingData.Content"/>.</summary>
    public static ByteString Utf8(string text) => ByteString.CopyFromUtf8(text);
}
