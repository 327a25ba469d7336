using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;

namespace RetrainFunctions.Functions.Tests.Composition;

/// <summary>
/// A telemetry endpoint on the loopback address that answers every POST with 200 and remembers each request's path and
/// body (gunzipped; read as Latin-1, so that names inside JSON and protobuf alike can be searched): what an exporter
/// really sends, with no network beyond this machine.
/// </summary>
internal sealed class LoopbackCollector : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Path, string Body)> _requests = new();
    private readonly Task _serving;

    public LoopbackCollector()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Address = new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/");
        }

        _listener.Prefixes.Add(Address.ToString());
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public Uri Address { get; }

    public IEnumerable<string> Paths => _requests.Select(r => r.Path);

    /// <summary>
    /// Waits until a request to a path starting with <paramref name="prefix"/> whose body contains
    /// <paramref name="text"/> arrived; false after <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> WaitForAsync(string prefix, string text, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (!_requests.Any(r => r.Path.StartsWith(prefix, StringComparison.Ordinal) && r.Body.Contains(text, StringComparison.Ordinal)))
        {
            if (deadline.IsCancellationRequested)
            {
                return false;
            }

            await Task.Delay(50, CancellationToken.None);
        }

        return true;
    }

    public void Dispose()
    {
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            var gzip = string.Equals(context.Request.Headers["Content-Encoding"], "gzip", StringComparison.OrdinalIgnoreCase);
            await using (var input = gzip ? new GZipStream(context.Request.InputStream, CompressionMode.Decompress) : context.Request.InputStream)
            {
                await input.CopyToAsync(body);
            }

            _requests.Enqueue((context.Request.Url!.AbsolutePath, System.Text.Encoding.Latin1.GetString(body.ToArray())));
            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
