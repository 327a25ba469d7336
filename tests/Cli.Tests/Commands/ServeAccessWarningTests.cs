using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Cli.Serving;
using RetrainFunctions.Core;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Cli.Tests.Commands;

/// <summary><c>retrain serve</c> says so when it listens beyond loopback with no API key: every change would answer 401.</summary>
public sealed class ServeAccessWarningTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    [Theory]
    [InlineData("http://0.0.0.0:0", true)]
    [InlineData("http://127.0.0.1:0", false)]
    public async Task AccessWarning_NoKeyConfigured_OnlyBeyondLoopback(string urls, bool warns)
    {
        // Arrange
        var store = _folder.File("store");
        Directory.CreateDirectory(store);

        // Act
        await using var host = await ServeHost.StartAsync(
            services =>
            {
                services.AddLogging();
                services.AddRetrainCore();
                services.AddArtifactStore(o => o.LocalRoot = store);
            },
            urls);

        // Assert
        if (warns)
        {
            Assert.NotNull(host.AccessWarning);
            Assert.Contains("listening beyond loopback", host.AccessWarning, StringComparison.Ordinal);
            Assert.Contains("ManagementAccess__Keys__<name>", host.AccessWarning, StringComparison.Ordinal);
        }
        else
        {
            Assert.Null(host.AccessWarning);
        }
    }

    public void Dispose() => _folder.Dispose();
}
