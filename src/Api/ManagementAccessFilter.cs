using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace RetrainFunctions.Api;

/// <summary>
/// Guards the routes that change things (approve, reject, roll back, start a run). A request carrying
/// <see cref="ManagementAccessOptions.KeyHeader"/> must carry a configured key (401 otherwise) and then acts as the key's
/// holder (<see cref="CallerIdentity"/>). Whenever the server listens beyond loopback (any address other than
/// 127.0.0.0/8, ::1 or <c>localhost</c>: <c>0.0.0.0</c>, <c>*</c>, a host name, a LAN address), a request must carry a
/// valid key or come from an authenticated user; on loopback only, changes stay open to local callers as before.
/// </summary>
public sealed class ManagementAccessFilter(IOptions<ManagementAccessOptions> options, IServer server) : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var keys = options.Value.Keys;
        if (http.Request.Headers.TryGetValue(ManagementAccessOptions.KeyHeader, out var sent))
        {
            if (FindHolder(keys, sent.ToString()) is not { } holder)
            {
                return Unauthorized($"The {ManagementAccessOptions.KeyHeader} header carries no configured key.");
            }

            CallerIdentity.SetKeyHolder(http, holder);
        }
        else if (CallerIdentity.Of(http) is null && BeyondLoopback(server) is { } address)
        {
            return Unauthorized(keys.Count == 0
                ? $"This server listens beyond loopback ({address}) and no API key is configured, so changes are refused; configure one (ManagementAccess__Keys__<name>=<key>) and send it as {ManagementAccessOptions.KeyHeader}."
                : $"This server listens beyond loopback ({address}): send your API key as the {ManagementAccessOptions.KeyHeader} header.");
        }

        return await next(context);
    }

    /// <summary>The first address <paramref name="server"/> listens on that is not loopback, or null when all are.</summary>
    public static string? BeyondLoopback(IServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return addresses.FirstOrDefault(a => !IsLoopback(a));
    }

    private static bool IsLoopback(string address)
    {
        // Kestrel reports "http://*:5080" and "http://+:5080" as such; Uri cannot parse them, and they are not loopback.
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
        {
            return false;
        }

        return string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    private static string? FindHolder(IDictionary<string, string> keys, string sent)
    {
        var sentBytes = Encoding.UTF8.GetBytes(sent);
        string? holder = null;
        foreach (var (name, key) in keys)
        {
            // Compare every key in constant time, so the answer's timing tells nothing about any of them.
            if (!string.IsNullOrEmpty(key) && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), sentBytes))
            {
                holder ??= name;
            }
        }

        return holder;
    }

    private static IResult Unauthorized(string detail) =>
        ApiResults.Problem(StatusCodes.Status401Unauthorized, "Unauthorized", detail, ManagementAccessOptions.KeyHeader);
}
