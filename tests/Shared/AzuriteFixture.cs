using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Azure.Storage.Blobs;

namespace RetrainFunctions.Tests.Shared;

/// <summary>
/// Azurite (the Azure Storage emulator) for tests, as an xunit class or collection fixture
/// (see <see cref="AzuriteCollection"/>). Uses the instance named by <see cref="ConnectionEnvironmentVariable"/>
/// when set (<c>./test.sh</c> starts one and sets it); otherwise starts <c>node_modules/.bin/azurite</c> from the
/// repository on free ports with a temporary data folder, and stops it by process id on dispose.
/// Never skips: without Azurite it fails, telling the developer how to get it.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>The environment variable holding the connection string of a running Azurite.</summary>
    public const string ConnectionEnvironmentVariable = "RETRAIN_TEST_AZURITE_CONNECTION";

    /// <summary>Azurite's well-known development account key (public, not a secret).</summary>
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly StringBuilder _output = new();
    private Process? _process;
    private string? _location;
    private string? _connectionString;

    /// <summary>Gets the connection string of the Azurite instance (blob, queue and table endpoints).</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("The Azurite fixture is not initialised yet.");

    /// <summary>Builds the connection string of an Azurite listening on the given ports of 127.0.0.1.</summary>
    public static string FormatConnectionString(int blobPort, int queuePort, int tablePort) => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;");

    /// <summary>Creates a client for the Azurite blob service.</summary>
    public BlobServiceClient CreateBlobServiceClient() => new(ConnectionString, new BlobClientOptions());

    /// <summary>Creates a client for the Azurite blob service with <paramref name="options"/> (retries, injected policies).</summary>
    public BlobServiceClient CreateBlobServiceClient(BlobClientOptions options) => new(ConnectionString, options);

    /// <summary>Creates a container with a fresh unique name (<c>t</c> + 32 hex digits) and returns the name.</summary>
    public async Task<string> CreateUniqueContainerAsync()
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"t{Guid.NewGuid():N}");
        await CreateBlobServiceClient().GetBlobContainerClient(name).CreateAsync();
        return name;
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(ConnectionEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            _connectionString = fromEnvironment;
            return;
        }

        var executable = FindAzuriteExecutable();
        Exception? lastFailure = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                _connectionString = await StartAsync(executable);
                return;
            }
            catch (InvalidOperationException exception) when (attempt < 2)
            {
                // Most likely a port taken between choosing it and Azurite binding it: try new ports.
                lastFailure = exception;
                await StopAsync();
            }
        }

        throw new InvalidOperationException("Azurite did not start.", lastFailure);
    }

    /// <inheritdoc />
    public Task DisposeAsync() => StopAsync();

    private static string FindAzuriteExecutable()
    {
        var name = OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite";
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "RetrainFunctions.sln")))
            {
                var executable = Path.Combine(folder.FullName, "node_modules", ".bin", name);
                return File.Exists(executable)
                    ? executable
                    : throw new InvalidOperationException(
                        $"Azurite is needed by the storage tests and was not found at '{executable}'. Run the tests with ./test.sh "
                        + $"(it installs and starts Azurite), or run `npm ci` at the repository root, or set {ConnectionEnvironmentVariable} to the connection string of a running Azurite.");
            }
        }

        throw new InvalidOperationException(
            $"Azurite is needed by the storage tests: run them with ./test.sh from the repository root, or set {ConnectionEnvironmentVariable} to the connection string of a running Azurite.");
    }

    private static int[] FindFreePorts(int count)
    {
        // Hold every listener until all ports are chosen so the ports differ.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(listener => listener.Start());
            return listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(listener => listener.Stop());
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task<string> StartAsync(string executable)
    {
        var ports = FindFreePorts(3);
        _location = Directory.CreateTempSubdirectory("retrain-azurite-").FullName;
        var startInfo = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--silent", "--location", _location, "--skipApiVersionCheck", "--loose", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", ports[0].ToString(CultureInfo.InvariantCulture),
            "--queuePort", ports[1].ToString(CultureInfo.InvariantCulture),
            "--tablePort", ports[2].ToString(CultureInfo.InvariantCulture),
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        _process = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var waited = Stopwatch.StartNew();
        foreach (var port in ports)
        {
            while (!await AcceptsConnectionsAsync(port))
            {
                if (process.HasExited || waited.Elapsed > StartTimeout)
                {
                    throw new InvalidOperationException(
                        $"Azurite ({executable}) did not accept connections on port {port} within {StartTimeout.TotalSeconds:0} s (exited: {process.HasExited}). Output:{Environment.NewLine}{Output()}");
                }

                await Task.Delay(100);
            }
        }

        return FormatConnectionString(ports[0], ports[1], ports[2]);
    }

    private async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(timeout.Token);
            }

            process.Dispose();
        }

        if (_location is { } location)
        {
            _location = null;
            Directory.Delete(location, recursive: true);
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }
}
