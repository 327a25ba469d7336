using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;

namespace RetrainFunctions.Reliability.Tests.Faults;

/// <summary>A response made up by <see cref="StorageFaultPolicy"/> instead of asking the server (a 500 or 503).</summary>
internal sealed class InjectedResponse(int status) : Response
{
    public override int Status => status;

    /// <summary>Gets a value indicating the failure: the transport, which would classify it, is skipped.</summary>
    public override bool IsError => true;

    public override string ReasonPhrase => status == 503 ? "Server Busy (injected)" : "Internal Server Error (injected)";

    public override Stream? ContentStream { get; set; } = new MemoryStream();

    public override string ClientRequestId { get; set; } = string.Empty;

    public override void Dispose() => ContentStream?.Dispose();

    protected override bool ContainsHeader(string name) => false;

    protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];

    protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value)
    {
        value = null;
        return false;
    }

    protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
    {
        values = null;
        return false;
    }
}
