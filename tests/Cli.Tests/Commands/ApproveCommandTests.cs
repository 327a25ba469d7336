using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace RetrainFunctions.Cli.Tests.Commands;

/// <summary><c>retrain approve</c> against a tiny loopback HTTP listener standing in for the serving host.</summary>
public sealed class ApproveCommandTests
{
    [Fact]
    public async Task Approve_PostsCamelCaseDecisionToTheModelsApprovalRoute()
    {
        // Arrange
        using var server = new LoopbackServer(HttpStatusCode.Accepted, "{\"delivered\":true}");

        // Act
        var (exitCode, output, error) = await CommandLineRunner.RunAsync(
            "approve", "credit-default", "--candidate", "v20260101-ab", "--digest", "abc123", "--by", "alice", "--reason", "CI clears minDelta", "--url", server.Url);

        // Assert
        Assert.True(exitCode == 0, error);
        var (method, path, body) = await server.Received.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(("POST", "/api/models/credit-default/approval"), (method, path));
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("credit-default", root.GetProperty("model").GetString());
        Assert.Equal("v20260101-ab", root.GetProperty("candidateVersion").GetString());
        Assert.Equal("abc123", root.GetProperty("evaluationDigest").GetString());
        Assert.True(root.GetProperty("approved").GetBoolean());
        Assert.Equal("alice", root.GetProperty("by").GetString());
        Assert.Equal("CI clears minDelta", root.GetProperty("reason").GetString());
        Assert.Contains("Approval of credit-default candidate v20260101-ab by alice delivered (202)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApproveReject_ServerRefuses_SendsApprovedFalseAndExitsOneWithTheAnswer()
    {
        // Arrange
        using var server = new LoopbackServer(HttpStatusCode.NotFound, "no run is waiting");

        // Act
        var (exitCode, _, error) = await CommandLineRunner.RunAsync(
            "approve", "churn", "--candidate", "v1", "--digest", "d", "--by", "bob", "--reject", "--url", server.Url);

        // Assert
        Assert.Equal(1, exitCode);
        var (_, _, body) = await server.Received.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(JsonDocument.Parse(body).RootElement.GetProperty("approved").GetBoolean());
        Assert.Contains("404", error, StringComparison.Ordinal);
        Assert.Contains("no run is waiting", error, StringComparison.Ordinal);
    }

    /// <summary>Answers one request with a fixed status and body, and reports what it received.</summary>
    private sealed class LoopbackServer : IDisposable
    {
        private readonly HttpListener _listener = new();

        public LoopbackServer(HttpStatusCode status, string answer)
        {
            var port = FreePort();
            Url = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            Received = Task.Run(async () =>
            {
                var context = await _listener.GetContextAsync();
                using var reader = new StreamReader(context.Request.InputStream);
                var body = await reader.ReadToEndAsync();
                context.Response.StatusCode = (int)status;
                var bytes = System.Text.Encoding.UTF8.GetBytes(answer);
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
                return (context.Request.HttpMethod, context.Request.Url!.AbsolutePath, body);
            });
        }

        public string Url { get; }

        public Task<(string Method, string Path, string Body)> Received { get; }

        public void Dispose() => _listener.Close();

        private static int FreePort()
        {
            using var socket = new TcpListener(IPAddress.Loopback, 0);
            socket.Start();
            return ((IPEndPoint)socket.LocalEndpoint).Port;
        }
    }
}
