using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.Core.Tests.Fakes;
using RetrainFunctions.Core.Training;

namespace RetrainFunctions.Core.Tests.Training;

public sealed class TrainingOptionsTests
{
    [Fact]
    public void AddRetrainCore_TrainingSectionConfigured_BindsNumberOfThreads()
    {
        // Arrange
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Training:NumberOfThreads"] = "1" })
            .Build();
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton<IArtifactStore, InMemoryArtifactStore>()
            .AddRetrainCore()
            .BuildServiceProvider();

        // Act
        var options = provider.GetRequiredService<IOptions<TrainingOptions>>().Value;

        // Assert
        Assert.Equal(1, options.NumberOfThreads);
        Assert.NotNull(provider.GetRequiredService<ModelTrainer>());
    }

    [Fact]
    public void AddRetrainCore_NoConfiguration_UsesMlNetDefaultThreads()
    {
        // Arrange
        using var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IArtifactStore, InMemoryArtifactStore>()
            .AddRetrainCore()
            .BuildServiceProvider();

        // Act
        var options = provider.GetRequiredService<IOptions<TrainingOptions>>().Value;

        // Assert
        Assert.Null(options.NumberOfThreads);
        Assert.NotNull(provider.GetRequiredService<ModelTrainer>());
    }

    [Fact]
    public void AddRetrainCore_ZeroThreads_FailsValidation()
    {
        // Arrange
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Training:NumberOfThreads"] = "0" })
            .Build();
        using var provider = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddRetrainCore()
            .BuildServiceProvider();

        // Act / Assert
        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TrainingOptions>>().Value);
    }
}
