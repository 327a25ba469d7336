using System.Net;
using System.Text.Json.Nodes;

namespace RetrainFunctions.HostProtocol.Tests.Infrastructure;

/// <summary>What a caller saw of one <c>POST /api/models/{model}/runs</c>: status, headers and the parsed JSON body.</summary>
public sealed record StartRunCall(HttpStatusCode Status, string? ContentType, IReadOnlyDictionary<string, string> Headers, string Text, JsonObject Body)
{
    /// <summary>Reads <paramref name="response"/> (and disposes it).</summary>
    public static async Task<StartRunCall> ReadAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            var headers = response.Headers.Concat(response.Content.Headers)
                .ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value), StringComparer.Ordinal);
            var body = text.Length == 0 ? new JsonObject() : JsonNode.Parse(text) as JsonObject ?? new JsonObject();
            return new StartRunCall(response.StatusCode, response.Content.Headers.ContentType?.MediaType, headers, text, body);
        }
    }

    /// <summary>Gets a string member of the body.</summary>
    public string? this[string member] => Body[member]?.GetValue<string>();

    /// <summary>The contract's response headers present (lower case), among those that vary with the contract.</summary>
    public IReadOnlyList<string> ContractHeaders() =>
        new[] { "content-type", "location", "retry-after" }.Where(Headers.ContainsKey).ToList();

    /// <summary>The body's members with the JSON kind of each value: the shape compared across hosts.</summary>
    public IReadOnlyList<string> Shape() => Body.Select(p => $"{p.Key}:{p.Value?.GetValueKind()}").Order(StringComparer.Ordinal).ToList();

    /// <inheritdoc />
    public override string ToString() => $"{(int)Status} {ContentType} [{string.Join("; ", Headers.Select(h => $"{h.Key}={h.Value}"))}] {Text}";
}
