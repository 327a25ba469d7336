using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RetrainFunctions.Core.Storage;

namespace RetrainFunctions.Functions.Tests.Composition;

/// <summary>
/// The Functions host cannot run here, so the composition it would build is checked directly: every class that holds a
/// function can be created from <c>AddRetrainFunctions</c>' services, and the options validate.
/// </summary>
public sealed class FunctionsCompositionTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "retrain-functions-composition", Guid.NewGuid().ToString("N"));

    public static TheoryData<string> FunctionClasses => new(typeof(RetrainFunctionsServiceCollectionExtensions).Assembly.GetTypes()
        .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Any(m => m.GetCustomAttribute<FunctionAttribute>() is not null))
        .Select(t => t.FullName!)
        .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(FunctionClasses))]
    public void AddRetrainFunctions_EveryFunctionClass_IsCreatedFromTheRegisteredServices(string typeName)
    {
        // Arrange
        using var services = BuildServices();
        var type = typeof(RetrainFunctionsServiceCollectionExtensions).Assembly.GetType(typeName, throwOnError: true)!;

        // Act
        var instance = type.IsAbstract && type.IsSealed ? null : ActivatorUtilities.CreateInstance(services, type);

        // Assert
        Assert.True(type.IsAbstract && type.IsSealed || instance is not null);
    }

    [Fact]
    public void AddRetrainFunctions_WithSampleSettings_BuildsAValidContainerAndTheConfiguredStore()
    {
        // Act
        using var services = BuildServices();

        // Assert
        Assert.IsType<LocalFolderArtifactStore>(services.GetRequiredService<IArtifactStore>());
        Assert.Equal(_root, services.GetRequiredService<IOptions<ArtifactStoreOptions>>().Value.LocalRoot);
        Assert.True(FunctionClasses.Count >= 17, $"only {FunctionClasses.Count} function classes were found");
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private ServiceProvider BuildServices()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ArtifactStore:LocalRoot"] = _root, ["ArtifactStore:ContainerName"] = "retrain" })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddRetrainFunctions(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
