using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace RetrainFunctions.Api;

/// <summary>The two static documents both hosts serve: the dashboard page and the OpenAPI description of the API.</summary>
public static class ApiDocuments
{
    private static readonly Lazy<byte[]> DashboardPage = new(() => Load("dashboard.html"));
    private static readonly Lazy<byte[]> OpenApiDocument = new(() => Load("openapi.json"));

    /// <summary><c>GET /dashboard</c> (and <c>/api/dashboard</c>): one self-contained HTML page fed by the management API.</summary>
    public static IResult Dashboard() => Results.Bytes(DashboardPage.Value, "text/html; charset=utf-8");

    /// <summary><c>GET /api/openapi.json</c>: the OpenAPI 3.0 document of every route.</summary>
    public static IResult OpenApi() => Results.Bytes(OpenApiDocument.Value, "application/json");

    private static byte[] Load(string name)
    {
        using var stream = typeof(ApiDocuments).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' is missing from {typeof(ApiDocuments).Assembly.GetName().Name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
