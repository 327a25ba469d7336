using Microsoft.Extensions.DependencyInjection;
using RetrainFunctions.Core;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.LocalEngine;

namespace RetrainFunctions.Cli.Tests;

/// <summary>The real pipeline on an in-memory Durable engine of the test's own, over a local folder store.</summary>
internal static class TestPipeline
{
    public static Task<LocalPipeline> StartAsync(string root) => LocalPipeline.StartAsync(
        services =>
        {
            services.AddLogging();
            services.AddRetrainCore();
            services.AddArtifactStore(o => o.LocalRoot = root);
            services.Configure<Core.Training.TrainingOptions>(o => o.NumberOfThreads = 1);
        },
        new LocalDurableEngineOptions(),
        CancellationToken.None);
}
