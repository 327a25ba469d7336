using System.Text.Json;
using System.Text.RegularExpressions;

namespace RetrainFunctions.Infra.Tests;

/// <summary>
/// Every setting the Functions app reads appears in the template's app settings and in local.settings.sample.json, in
/// the form <see cref="SettingsMap"/> allows; and neither file holds a setting the app does not read.
/// </summary>
public sealed partial class SettingsMapTests
{
    [Fact]
    public async Task Settings_TheAppReads_AreInTheTemplateAndTheSampleThroughTheMap()
    {
        // Arrange
        var (expressions, connections) = ReadByBindings();
        var azure = await TemplateSettingsAsync();
        var local = SampleSettings();

        // Assert: what the bindings read.
        Assert.Contains("RetrainSchedule", expressions);
        Assert.Contains("ArtifactStore__ContainerName", expressions);
        Assert.Contains("ArtifactStorage", connections);
        foreach (var setting in expressions)
        {
            Assert.True(azure.ContainsKey(setting), $"The template does not set {setting}, which a binding reads.");
            Assert.True(local.ContainsKey(setting), $"local.settings.sample.json does not set {setting}, which a binding reads.");
        }

        foreach (var connection in connections.Append(SettingsMap.HostConnection))
        {
            Assert.True(local.ContainsKey(connection), $"local.settings.sample.json has no connection string {connection}.");
            Assert.True(
                azure.ContainsKey(connection + "__accountName") || azure.ContainsKey(connection + "__blobServiceUri"),
                $"The template has no identity-based {connection}__accountName or {connection}__blobServiceUri.");
            Assert.Equal("managedidentity", azure.GetValueOrDefault(connection + "__credential"));
            Assert.False(azure.ContainsKey(connection), $"The template sets {connection} itself: a connection string (with a key) instead of an identity.");
        }

        // Assert: the store, and the blob source switch (one function disabled on each side, a different one).
        Assert.True(local.ContainsKey(SettingsMap.LocalStore));
        Assert.True(azure.ContainsKey(SettingsMap.AzureStore));
        Assert.False(azure.ContainsKey(SettingsMap.LocalStore), "The template must not hold a connection string for the store.");
        var localSwitch = Assert.Single(SettingsMap.SourceSwitches, local.ContainsKey);
        var azureSwitch = Assert.Single(SettingsMap.SourceSwitches, azure.ContainsKey);
        Assert.NotEqual(localSwitch, azureSwitch);

        // Assert: telemetry. Application Insights in Azure, by identity (its local auth is off); the OTLP endpoint offered
        // in the sample; the worker and the host read the same settings.
        Assert.All(SettingsMap.AzureOnly, s => Assert.True(azure.ContainsKey(s), $"The template does not set {s}."));
        Assert.Contains("Authorization=AAD", azure[SettingsMap.AzureOnly[1]], StringComparison.Ordinal);
        Assert.True(local.ContainsKey(SettingsMap.OptionalTelemetry[0]), $"local.settings.sample.json does not offer {SettingsMap.OptionalTelemetry[0]}.");

        // Assert: nothing unaccounted for on either side.
        var read = expressions.Concat(connections).Append(SettingsMap.HostConnection).ToHashSet(StringComparer.Ordinal);
        Assert.DoesNotContain(azure.Keys, s => !Accounted(s, read) && !SettingsMap.AzureOnly.Contains(s));
        Assert.DoesNotContain(local.Keys, s => !Accounted(s, read) && !SettingsMap.PlatformManaged.Contains(s));
        Assert.DoesNotContain(azure.Values, v => v.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase));
    }

    private static bool Accounted(string setting, HashSet<string> read) =>
        read.Contains(setting)
        || SettingsMap.IdentityQualifiers.Any(q => setting.EndsWith(q, StringComparison.Ordinal) && read.Contains(setting[..^q.Length]))
        || SettingsMap.SourceSwitches.Contains(setting)
        || SettingsMap.OptionalTelemetry.Contains(setting)
        || SettingsMap.OptionalOptions.Contains(setting);

    /// <summary>The app settings binding expressions name (<c>%A:B%</c> is setting <c>A__B</c>) and the connections bindings use.</summary>
    private static (HashSet<string> Expressions, HashSet<string> Connections) ReadByBindings()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllBytes(Bicep.FunctionsMetadataPath));
        var expressions = new HashSet<string>(StringComparer.Ordinal);
        var connections = new HashSet<string>(StringComparer.Ordinal);
        foreach (var binding in metadata.RootElement.EnumerateArray().SelectMany(f => f.GetProperty("bindings").EnumerateArray()))
        {
            foreach (var property in binding.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
            {
                foreach (Match match in SettingExpression().Matches(property.Value.GetString()!))
                {
                    expressions.Add(match.Groups[1].Value.Replace(":", "__", StringComparison.Ordinal));
                }

                if (property.Name == "connection")
                {
                    connections.Add(property.Value.GetString()!);
                }
            }
        }

        return (expressions, connections);
    }

    private static async Task<Dictionary<string, string>> TemplateSettingsAsync()
    {
        var (exitCode, output, error) = await Bicep.RunAsync("build", Bicep.MainTemplate, "--stdout");
        Assert.True(exitCode == 0, error);
        using var template = JsonDocument.Parse(output);
        var site = Assert.Single(template.RootElement.GetProperty("resources").EnumerateArray(), r => r.GetProperty("type").GetString() == "Microsoft.Web/sites");
        return site.GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("value").GetString() ?? string.Empty, StringComparer.Ordinal);
    }

    private static Dictionary<string, string> SampleSettings()
    {
        using var sample = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Bicep.RepositoryRoot, "local.settings.sample.json")));
        return sample.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty, StringComparer.Ordinal);
    }

    [GeneratedRegex("%([^%]+)%", RegexOptions.CultureInvariant)]
    private static partial Regex SettingExpression();
}
