using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RetrainFunctions.Api.Tests;

/// <summary>
/// <see cref="ManagementAccessFilter"/> on a real Kestrel host listening on every interface (0.0.0.0, beyond loopback)
/// or on loopback only, guarding one route that answers with the caller's identity.
/// </summary>
public sealed class ManagementAccessFilterTests
{
    private const string Key = "k3y-for-alice";

    [Fact]
    public async Task Change_BeyondLoopbackWithoutKey_401NamesTheHeader()
    {
        // Arrange
        await using var host = await StartAsync("http://0.0.0.0:0");

        // Act
        using var response = await host.Http.PostAsync("change", content: null);

        // Assert
        await PredictionApiTests.AssertProblemAsync(response, 401, "X-Api-Key", "beyond loopback without key");
    }

    [Fact]
    public async Task Change_BeyondLoopbackWithoutAnyKeyConfigured_401SaysHowToConfigureOne()
    {
        // Arrange
        await using var host = await StartAsync("http://0.0.0.0:0", withKey: false);

        // Act
        using var response = await host.Http.PostAsync("change", content: null);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("ManagementAccess__Keys__", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Change_BeyondLoopbackWithKey_AcceptedAsTheKeysHolder()
    {
        // Arrange
        await using var host = await StartAsync("http://0.0.0.0:0");
        using var request = new HttpRequestMessage(HttpMethod.Post, "change");
        request.Headers.Add("X-Api-Key", Key);

        // Act
        using var response = await host.Http.SendAsync(request);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("alice", (await response.Content.ReadFromJsonAsync<JsonObject>())!["by"]!.GetValue<string>());
    }

    [Fact]
    public async Task Change_WrongKeyEvenOnLoopback_401()
    {
        // Arrange
        await using var host = await StartAsync("http://127.0.0.1:0");
        using var request = new HttpRequestMessage(HttpMethod.Post, "change");
        request.Headers.Add("X-Api-Key", Key + "x");

        // Act
        using var response = await host.Http.SendAsync(request);

        // Assert
        await PredictionApiTests.AssertProblemAsync(response, 401, "X-Api-Key", "wrong key");
    }

    [Fact]
    public async Task Change_LoopbackOnlyWithoutKey_AcceptedWithoutIdentity()
    {
        // Arrange
        await using var host = await StartAsync("http://127.0.0.1:0");

        // Act
        using var response = await host.Http.PostAsync("change", content: null);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null((await response.Content.ReadFromJsonAsync<JsonObject>())!["by"]);
    }

    [Fact]
    public async Task Change_BeyondLoopbackAuthenticatedUser_AcceptedAsThatUser()
    {
        // Arrange: an authentication step in front of the route (as App Service authentication or a host's scheme would be).
        await using var host = await StartAsync("http://0.0.0.0:0", authenticate: true);
        using var request = new HttpRequestMessage(HttpMethod.Post, "change");
        request.Headers.Add("X-Test-User", "bob");

        // Act
        using var response = await host.Http.SendAsync(request);

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("bob", (await response.Content.ReadFromJsonAsync<JsonObject>())!["by"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", null)]
    [InlineData("http://[::1]:5080", null)]
    [InlineData("http://localhost:5080", null)]
    [InlineData("http://0.0.0.0:5080", "http://0.0.0.0:5080")]
    [InlineData("http://[::]:5080", "http://[::]:5080")]
    [InlineData("http://*:5080", "http://*:5080")]
    [InlineData("http://10.1.2.3:5080", "http://10.1.2.3:5080")]
    public void BeyondLoopback_Address_NamesOnlyNonLoopbackOnes(string address, string? expected)
    {
        // Arrange
        var server = new Microsoft.AspNetCore.Hosting.Server.Features.ServerAddressesFeature();
        server.Addresses.Add(address);
        var features = new Microsoft.AspNetCore.Http.Features.FeatureCollection();
        features.Set<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>(server);

        // Act
        var beyond = ManagementAccessFilter.BeyondLoopback(new FakeServer(features));

        // Assert
        Assert.Equal(expected, beyond);
    }

    private static async Task<TestHost> StartAsync(string urls, bool withKey = true, bool authenticate = false)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        builder.Services.Configure<ManagementAccessOptions>(o =>
        {
            if (withKey)
            {
                o.Keys["alice"] = Key;
            }
        });
        var app = builder.Build();
        if (authenticate)
        {
            app.Use((context, next) =>
            {
                if (context.Request.Headers.TryGetValue("X-Test-User", out var user))
                {
                    context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.ToString())], "test"));
                }

                return next(context);
            });
        }

        app.MapPost("/change", (HttpContext context) => Results.Json(new { by = CallerIdentity.Of(context) })).AddEndpointFilter<ManagementAccessFilter>();
        await app.StartAsync();
        var port = new Uri(app.Urls.First().Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)).Port;
        return new TestHost(app, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") });
    }

    private sealed record TestHost(WebApplication App, HttpClient Http) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }

    private sealed class FakeServer(Microsoft.AspNetCore.Http.Features.IFeatureCollection features) : Microsoft.AspNetCore.Hosting.Server.IServer
    {
        public Microsoft.AspNetCore.Http.Features.IFeatureCollection Features { get; } = features;

        public Task StartAsync<TContext>(Microsoft.AspNetCore.Hosting.Server.IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
