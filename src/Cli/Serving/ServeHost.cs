using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RetrainFunctions.Api;
using RetrainFunctions.Cli.Logging;
using RetrainFunctions.Core;
using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Serving;
using RetrainFunctions.Core.Specs;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Hosting;
using RetrainFunctions.LocalEngine;

namespace RetrainFunctions.Cli.Serving;

/// <summary>
/// What <c>retrain serve</c> runs: an ASP.NET Core host (Kestrel, 127.0.0.1 by default) mapping the API's routes, over
/// the store of the command's options, with the retraining orchestrator on the in-process Durable engine of
/// <see cref="LocalPipeline"/> so that <c>POST /api/models/{model}/runs</c> starts real runs. Tests and
/// <c>retrain bench-serve</c> start the very same host. Its runs' traces and metrics are exported as the Functions app's
/// are (<c>AddRetrainTelemetry</c>: <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>, <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>).
/// </summary>
internal sealed class ServeHost : IAsyncDisposable
{
    /// <summary>The default address: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    private readonly LocalPipeline _pipeline;
    private readonly WebApplication _app;
    private readonly ApprovalRelay _relay;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _relaying;

    private ServeHost(LocalPipeline pipeline, WebApplication app)
    {
        _pipeline = pipeline;
        _app = app;
        Address = new Uri(app.Urls.First());

        // Runs started over HTTP can be approved from any process through the store (retrain approve, another serve).
        var services = pipeline.Services;
        _relay = new ApprovalRelay(
            pipeline.Client,
            services.GetRequiredService<ApprovalStore>(),
            TimeProvider.System,
            "retrain serve at " + Address + " (" + LocalPipeline.WaitingHost + ")",
            services.GetRequiredService<ILoggerFactory>().CreateLogger<ApprovalRelay>());
        _relaying = _relay.WatchAsync(services.GetRequiredService<ModelSpecStore>(), ApprovalRelay.DecisionCheckInterval, _stopping.Token);
    }

    /// <summary>Gets the address the host listens on (the real port when started on port 0).</summary>
    public Uri Address { get; }

    /// <summary>
    /// Gets why changes are refused to every caller, or null: when the host listens beyond loopback and no API key is
    /// configured (and so no caller can be authorized), approve, reject, rollback and starting runs all answer 401.
    /// </summary>
    public string? AccessWarning
    {
        get
        {
            var beyond = ManagementAccessFilter.BeyondLoopback(_app.Services.GetRequiredService<IServer>());
            var keys = _app.Services.GetRequiredService<IOptions<ManagementAccessOptions>>().Value.Keys;
            return beyond is null || keys.Values.Any(k => !string.IsNullOrEmpty(k))
                ? null
                : $"listening beyond loopback ({beyond}) with no API key configured: approve, reject, rollback and starting runs answer 401 to everyone; set ManagementAccess__Keys__<name>=<key> and send it as {ManagementAccessOptions.KeyHeader}.";
        }
    }

    /// <summary>Gets the pipeline (its store, its Durable client).</summary>
    public LocalPipeline Pipeline => _pipeline;

    /// <summary>Gets the web host's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the engine and the web host.</summary>
    /// <param name="configureStore">Registers the store (and logging) of the engine, as every command does.</param>
    /// <param name="urls">Where to listen; port 0 picks a free port.</param>
    /// <param name="configureServing">Overrides serving options after configuration (section <c>Serving</c>).</param>
    /// <param name="minimumLevel">The web host's lowest log level.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    public static async Task<ServeHost> StartAsync(
        Action<IServiceCollection> configureStore,
        string urls = DefaultUrls,
        Action<ServingOptions>? configureServing = null,
        LogLevel minimumLevel = LogLevel.Warning,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configureStore);
        var pipeline = await EngineSettings.StartPipelineAsync(configureStore, cancellationToken);
        try
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
            builder.WebHost.UseUrls(urls);
            builder.Logging.ClearProviders().AddOneLineConsole().SetMinimumLevel(minimumLevel);
            builder.Services.AddSingleton(pipeline.Services.GetRequiredService<IArtifactStore>());
            builder.Services.AddSingleton(pipeline.Client);
            builder.Services.AddRetrainCore();
            builder.Services.AddRetrainApi(configureServing);
            builder.Services.AddRetrainTelemetry(builder.Configuration);
            var app = builder.Build();

            // An unexpected failure answers 500 with a problem document saying what failed, never an empty body.
            app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteUnexpectedFailureAsync });
            app.MapRetrainApi();
            await app.StartAsync(cancellationToken);
            return new ServeHost(pipeline, app);
        }
        catch
        {
            await pipeline.DisposeAsync();
            throw;
        }
    }

    internal static async Task WriteUnexpectedFailureAsync(HttpContext context)
    {
        var failure = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var detail = failure is null
            ? "The server failed to answer; its log says why."
            : $"{failure.Message.Split('\n', 2)[0].Trim()} (the server's log has the details).";
        await Results.Problem(detail: detail, statusCode: StatusCodes.Status500InternalServerError, title: "Internal server error").ExecuteAsync(context);
    }

    /// <summary>Waits until <paramref name="cancellationToken"/> is cancelled (Ctrl+C) or the host stops.</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _relaying;
        await _relay.WithdrawAllAsync(CancellationToken.None);
        _stopping.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _pipeline.DisposeAsync();
    }
}
