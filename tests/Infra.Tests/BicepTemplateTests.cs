namespace RetrainFunctions.Infra.Tests;

/// <summary><c>bicep build</c> and <c>bicep lint</c> on infra/main.bicep, offline, with zero diagnostics.</summary>
public sealed class BicepTemplateTests
{
    [Fact]
    public async Task Build_MainTemplate_CompilesWithoutAnyDiagnostic()
    {
        // Act
        var (exitCode, output, error) = await Bicep.RunAsync("build", Bicep.MainTemplate, "--stdout");

        // Assert
        Assert.True(exitCode == 0, error);
        Assert.True(error.Length == 0, $"bicep build reported:{Environment.NewLine}{error}");
        Assert.Contains("Microsoft.Web/sites", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_MainTemplate_ReportsNoWarning()
    {
        // Act
        var (exitCode, output, error) = await Bicep.RunAsync("lint", Bicep.MainTemplate);

        // Assert
        Assert.True(exitCode == 0 && output.Length == 0 && error.Length == 0, $"bicep lint ({exitCode}):{Environment.NewLine}{output}{error}");
    }
}
