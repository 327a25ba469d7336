using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RetrainFunctions.Api;
using RetrainFunctions.Core;

namespace RetrainFunctions.HostProtocol.Tests.Infrastructure;

/// <summary>
/// The web side of <c>retrain serve</c> over the fixture's store and task hub: the composition <c>ServeHost</c> makes
/// (<c>AddRetrainCore</c>, <c>AddRetrainApi</c>, <c>MapRetrainApi</c>, the store and the Durable client as services) on
/// a free loopback port. Its engine is the fixture's, so that a run stays in progress as long as a test needs.
/// </summary>
public sealed class ServeApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServeApiHost(WebApplication app)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = FunctionsHostStandIn.AnswerTimeout };
    }

    /// <summary>Gets a client of the host.</summary>
    public HttpClient Http { get; }

    /// <summary>Starts the host.</summary>
    public static async Task<ServeApiHost> StartAsync(HostProtocolFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(fixture.Store);
        builder.Services.AddSingleton(fixture.Durable);
        builder.Services.AddRetrainCore();
        builder.Services.AddRetrainApi();
        var app = builder.Build();
        app.MapRetrainApi();
        await app.StartAsync();
        return new ServeApiHost(app);
    }

    /// <summary><c>POST /api/models/{model}/runs</c>.</summary>
    public async Task<StartRunCall> StartRunAsync(string model) =>
        await StartRunCall.ReadAsync(await Http.PostAsync($"api/models/{model}/runs", content: null));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
