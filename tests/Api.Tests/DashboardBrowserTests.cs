using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RetrainFunctions.Api.Tests;

/// <summary>
/// The dashboard rendered by a real browser: Debian's headless Chromium loads <c>/dashboard</c> from the serve host,
/// runs its script against the management API and dumps the resulting DOM.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed class DashboardBrowserTests(ServeFixture fixture)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Dashboard_InHeadlessChromium_ShowsModelProductionVersionAndRunOutcomes()
    {
        // Arrange
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: the browser test needs Debian's chromium package (./test.sh installs it when run as root: apt-get install chromium).");
        var production = JsonNode.Parse(await fixture.Http.GetStringAsync($"api/models/{fixture.Model}"))!["production"]!["version"]!.GetValue<string>();

        // Act
        var dom = await DumpDomAsync(new Uri(fixture.Address, "dashboard"));

        // Assert
        Assert.Contains("data-loaded=\"true\"", dom, StringComparison.Ordinal);
        Assert.Contains($"id=\"model-{fixture.Model}\"", dom, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"production-version mono\">{production}</span>", dom, StringComparison.Ordinal);
        Assert.Contains($"data-run=\"{fixture.FirstVersion}\"", dom, StringComparison.Ordinal);
        Assert.Contains("<td class=\"outcome Deployed\">Deployed</td>", dom, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"LogLoss over time\"", dom, StringComparison.Ordinal);
        Assert.Contains("<circle", dom, StringComparison.Ordinal);

        // A picture to look at when it fails (or not), next to the test assembly.
        await DumpDomAsync(new Uri(fixture.Address, "dashboard"), Path.Combine(AppContext.BaseDirectory, "dashboard.png"));
    }

    internal static async Task<string> DumpDomAsync(Uri page, string? screenshot = null)
    {
        var profile = Directory.CreateTempSubdirectory("retrain-chromium-");
        try
        {
            var start = new ProcessStartInfo(Chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", $"--user-data-dir={profile.FullName}", "--virtual-time-budget=10000", "--window-size=1280,1600"])
            {
                start.ArgumentList.Add(argument);
            }

            start.ArgumentList.Add(screenshot is null ? "--dump-dom" : $"--screenshot={screenshot}");
            start.ArgumentList.Add(page.ToString());
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish within 90 s: {await errors}");
            }

            Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {await errors}");
            return await output;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
