using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Core.Approval;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Api.Tests;

/// <summary>
/// The dashboard rendered by a real browser: Debian's headless Chromium loads <c>/dashboard</c> from the serve host,
/// runs its script against the management API and dumps the resulting DOM; a screenshot is written to
/// <c>TestResults/dashboard/dashboard.png</c> at the repository root for review.
/// </summary>
[Collection(ServeCollection.Name)]
public sealed partial class DashboardBrowserTests(ServeFixture fixture)
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Dashboard_InHeadlessChromium_ShowsQualityDriftApprovalVersionsAndRuns()
    {
        // Arrange: a run waiting for approval of the rejected run's candidate (as a waiting host publishes it).
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: the browser test needs Debian's chromium package (./test.sh installs it when run as root: apt-get install chromium).");
        var production = JsonNode.Parse(await fixture.Http.GetStringAsync($"api/models/{fixture.Model}"))!["production"]!["version"]!.GetValue<string>();
        var rejected = JsonNode.Parse(await fixture.Http.GetStringAsync($"api/models/{fixture.Model}/runs/{fixture.RejectedRun}"))!;
        var pending = await PublishPendingApprovalAsync();
        try
        {
            // Act
            var dom = await DumpDomAsync(new Uri(fixture.Address, "dashboard"));
            await DumpDomAsync(new Uri(fixture.Address, "dashboard"), ScreenshotPath());

            // Assert: the model, its production version and runs.
            Assert.Contains("data-loaded=\"true\"", dom, StringComparison.Ordinal);
            Assert.Contains($"id=\"model-{fixture.Model}\"", dom, StringComparison.Ordinal);
            Assert.Contains($"<span class=\"production-version mono\">{production}</span>", dom, StringComparison.Ordinal);

            // Live quality: one panel per metric (accuracy, F1, the gate's log-loss), dated by the run, with interval whiskers.
            foreach (var metric in (string[])["Accuracy", "F1", "LogLoss"])
            {
                Assert.Contains($"class=\"quality-chart\" data-metric=\"{metric}\"", dom, StringComparison.Ordinal);
            }

            var day = rejected["startedAt"]!.GetValue<string>()[..10];
            Assert.Contains(XLabels().Matches(dom), m => m.Groups[1].Value == day);
            Assert.Contains("class=\"whisker\"", dom, StringComparison.Ordinal);

            // Drift: the rejected run measured it (the first run had no reference), and its page is linked.
            Assert.Contains($"<tr data-run=\"{fixture.RejectedRun}\">", DriftTable().Match(dom).Value, StringComparison.Ordinal);
            Assert.Contains($"href=\"/api/models/{fixture.Model}/runs/{fixture.RejectedRun}/drift.html\"", dom, StringComparison.Ordinal);

            // The pending approval, with buttons bound to its candidate and digest.
            Assert.Contains($"class=\"approval\" data-candidate=\"{pending.CandidateVersion}\" data-digest=\"{pending.EvaluationDigest}\"", dom, StringComparison.Ordinal);
            Assert.Contains("data-action=\"approve\">Approve</button>", dom, StringComparison.Ordinal);
            Assert.Contains("data-action=\"reject\">Reject</button>", dom, StringComparison.Ordinal);

            // Versions with their metrics; runs compact, with the evidence folded.
            Assert.Contains($"<tr data-version=\"{fixture.FirstVersion}\">", dom, StringComparison.Ordinal);
            Assert.Contains($"<tr data-version=\"{fixture.SecondVersion}\">", dom, StringComparison.Ordinal);
            Assert.Contains("<td class=\"outcome Deployed\">Deployed</td>", dom, StringComparison.Ordinal);
            Assert.Contains("<td class=\"outcome Rejected\">Rejected</td>", dom, StringComparison.Ordinal);
            Assert.True(Regex.Count(dom, "<details><summary>") >= 2, "every run's evidence sits in a <details>");
            Assert.Contains("<div class=\"evidence\">", dom, StringComparison.Ordinal);

            // No dead links: every API link on the page answers 200.
            var links = Links().Matches(dom).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct().ToList();
            Assert.True(links.Count >= 8, $"only {links.Count} links: {string.Join(", ", links)}");
            foreach (var link in links)
            {
                using var response = await fixture.Http.GetAsync(link.TrimStart('/'));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {link}: {(int)response.StatusCode}");
                if (link.EndsWith("/drift.html", StringComparison.Ordinal))
                {
                    Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                    Assert.Contains("default-src 'none'", string.Join(' ', response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
                }
            }
        }
        finally
        {
            await fixture.Store.DeleteAsync(ModelArtifacts.For(fixture.Model).Approvals.Pending);
        }
    }

    [Fact]
    public async Task Approve_WithApiKey_RecordsTheKeysHolderNotTheFreeText()
    {
        // Arrange
        var pending = await PublishPendingApprovalAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/models/{fixture.Model}/approval")
        {
            Content = JsonContent.Create(new { candidateVersion = pending.CandidateVersion, evaluationDigest = pending.EvaluationDigest, approved = false, by = "someone else" }),
        };
        request.Headers.Add("X-Api-Key", ServeFixture.ApproverKey);
        var decisionPath = ModelArtifacts.For(fixture.Model).Approvals.Decision(pending.CandidateVersion);
        try
        {
            // Act
            using var response = await fixture.Http.SendAsync(request);

            // Assert
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
            var decision = await fixture.Store.ReadJsonAsync<ApprovalDecision>(decisionPath);
            Assert.Equal(ServeFixture.ApproverName, decision.By);
            Assert.False(decision.Approved);
        }
        finally
        {
            await fixture.Store.DeleteAsync(ModelArtifacts.For(fixture.Model).Approvals.Pending);
            await fixture.Store.DeleteAsync(decisionPath);
        }
    }

    [Theory]
    [InlineData("approval")]
    [InlineData("rollback")]
    [InlineData("runs")]
    public async Task ChangingRoute_WrongApiKey_401(string route)
    {
        // Arrange
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/models/{fixture.Model}/{route}") { Content = JsonContent.Create(new { by = "me" }) };
        request.Headers.Add("X-Api-Key", "not-a-key");

        // Act
        using var response = await fixture.Http.SendAsync(request);

        // Assert
        await PredictionApiTests.AssertProblemAsync(response, 401, "X-Api-Key", route);
    }

    [Fact]
    public async Task Quality_RunThatMetProduction_RescoresProductionWithIntervalsAroundTheRecordedValue()
    {
        // Arrange
        var run = JsonNode.Parse(await fixture.Http.GetStringAsync($"api/models/{fixture.Model}/runs/{fixture.RejectedRun}"))!;
        var recorded = run["evaluation"]!["championMetrics"]!;

        // Act
        var points = JsonNode.Parse(await fixture.Http.GetStringAsync($"api/models/{fixture.Model}/quality"))!.AsArray();

        // Assert: only the run that met production has a point, and it reproduces the gate's figures for that version.
        var point = Assert.Single(points)!;
        Assert.Equal(fixture.RejectedRun, point["runId"]!.GetValue<string>());
        Assert.Equal(run["evaluation"]!["championVersion"]!.GetValue<string>(), point["production"]!["version"]!.GetValue<string>());
        var metrics = point["production"]!["metrics"]!.AsArray();
        Assert.Equal(["Accuracy", "F1", "LogLoss"], metrics.Select(m => m!["metric"]!.GetValue<string>()));
        foreach (var m in metrics)
        {
            var value = m!["value"]!.GetValue<double>();
            Assert.Equal(recorded[m["metric"]!.GetValue<string>()]!.GetValue<double>(), value, 3);
            Assert.InRange(value, m["lower"]!.GetValue<double>(), m["upper"]!.GetValue<double>());
        }

        // Accuracy and log-loss vary across resamples of 300 rows (F1 may not: a model predicting no positive has F1 0 in every one).
        Assert.All(metrics.Where(m => m!["metric"]!.GetValue<string>() != "F1"), m => Assert.True(m!["upper"]!.GetValue<double>() > m["lower"]!.GetValue<double>(), point.ToJsonString()));
    }

    private async Task<PendingApproval> PublishPendingApprovalAsync()
    {
        var run = JsonNode.Parse(await fixture.Http.GetStringAsync($"api/models/{fixture.Model}/runs/{fixture.RejectedRun}"))!;
        var now = TimeProvider.System.GetUtcNow();
        var pending = new PendingApproval(fixture.Model, fixture.RejectedRun, run["evaluation"]!["reportSha256"]!.GetValue<string>(), now.AddHours(1), "DashboardBrowserTests", now.AddMinutes(10));
        await fixture.Host.Pipeline.Services.GetRequiredService<ApprovalStore>().PublishAsync(pending);
        return pending;
    }

    /// <summary><c>TestResults/dashboard/dashboard.png</c> under the repository root (the folder holding the solution).</summary>
    private static string ScreenshotPath()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "RetrainFunctions.sln")))
        {
            root = root.Parent;
        }

        var folder = Path.Combine(root?.FullName ?? AppContext.BaseDirectory, "TestResults", "dashboard");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, "dashboard.png");
    }

    [GeneratedRegex("<text[^>]*class=\"x-label\"[^>]*>([^<]+)</text>")]
    private static partial Regex XLabels();

    [GeneratedRegex("<table class=\"drift-runs\">.*?</table>", RegexOptions.Singleline)]
    private static partial Regex DriftTable();

    [GeneratedRegex("href=\"(/api/[^\"]+)\"")]
    private static partial Regex Links();

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
                "--disable-sync", "--no-first-run", $"--user-data-dir={profile.FullName}", "--virtual-time-budget=10000", "--window-size=1280,1700"])
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
