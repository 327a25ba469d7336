using RetrainFunctions.Core.Policies;
using System.Reflection;
using System.Text.Json;
using RetrainFunctions.Core.Collection;
using RetrainFunctions.Core.Deployment;
using RetrainFunctions.Core.Evaluation;
using RetrainFunctions.Core.Features;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Training;
using RetrainFunctions.Core.Validation;
using RetrainFunctions.Functions.Http;
using RetrainFunctions.Functions.Triggers;

namespace RetrainFunctions.Functions.Tests;

/// <summary>
/// The <c>functions.metadata</c> the Functions SDK generates is what the host indexes: these tests pin the function
/// names the orchestrator calls and the trigger bindings the app settings refer to.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly Lazy<IReadOnlyDictionary<string, JsonElement>> Functions = new(Load);

    private static readonly string[] CoreActivities =
    [
        RetrainActivityNames.CollectTrainingData,
        RetrainActivityNames.ValidateDataset,
        RetrainActivityNames.AssembleTrainingSnapshot,
        RetrainActivityNames.EngineerFeatures,
        RetrainActivityNames.TrainModel,
        RetrainActivityNames.EvaluateModel,
        RetrainActivityNames.RefitModel,
        RetrainActivityNames.DeployModel,
        RetrainActivityNames.CheckProbation,
        RetrainActivityNames.DecideRetrain,
        RetrainActivityNames.RecordRun,
    ];

    public static TheoryData<string> ActivityNames => new(CoreActivities);

    [Fact]
    public void Metadata_Orchestrator_HasOrchestrationTrigger()
    {
        // Act
        var bindings = Bindings(nameof(RetrainOrchestrator));

        // Assert
        var trigger = Assert.Single(bindings);
        Assert.Equal("orchestrationTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("In", trigger.GetProperty("direction").GetString());
    }

    [Theory]
    [MemberData(nameof(ActivityNames))]
    public void Metadata_EachCoreActivity_HasActivityTrigger(string activity)
    {
        // Act
        var bindings = Bindings(activity);

        // Assert
        var trigger = Assert.Single(bindings);
        Assert.Equal("activityTrigger", trigger.GetProperty("type").GetString());
    }

    [Fact]
    public void Metadata_ActivityFunctions_AreExactlyTheCoreActivities()
    {
        // Act
        var activities = Functions.Value
            .Where(f => f.Value.GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == "activityTrigger"))
            .Select(f => f.Key)
            .Order(StringComparer.Ordinal);

        // Assert
        Assert.Equal(CoreActivities.Order(StringComparer.Ordinal), activities);
    }

    [Fact]
    public void Metadata_ScheduledRetrain_UsesRetrainScheduleSettingAndDurableClient()
    {
        // Act
        var bindings = Bindings(nameof(ScheduledRetrain));

        // Assert
        var timer = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "timerTrigger");
        Assert.Equal("%RetrainSchedule%", timer.GetProperty("schedule").GetString());
        Assert.Single(bindings, b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Theory]
    [InlineData(nameof(NewDataArrived), null)]
    [InlineData(nameof(NewDataArrived) + "EventGrid", "EventGrid")]
    public void Metadata_NewDataArrived_WatchesTheArtifactContainersIncomingOnArtifactStorageWithDurableClient(string function, string? source)
    {
        // Act
        var bindings = Bindings(function);

        // Assert: the container comes from the artifact store's setting, resolved by the host; the source picks the plan.
        var blob = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "blobTrigger");
        Assert.Equal("%ArtifactStore:ContainerName%/incoming/{model}/{name}", blob.GetProperty("path").GetString());
        Assert.Equal("ArtifactStorage", blob.GetProperty("connection").GetString());
        Assert.Equal(source, blob.TryGetProperty("source", out var value) ? value.GetString() : null);
        Assert.Single(bindings, b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void Metadata_HttpStartRetrain_IsFunctionKeyPostOnModelRunsWithDurableClient()
    {
        // Act
        var bindings = Bindings(nameof(HttpStartRetrain));

        // Assert
        var http = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "httpTrigger");
        Assert.Equal("models/{model}/runs", http.GetProperty("route").GetString());
        Assert.Equal(["post"], http.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("function", http.GetProperty("authLevel").GetString(), StringComparer.OrdinalIgnoreCase);
        Assert.Single(bindings, b => b.GetProperty("type").GetString() == "durableClient");
        Assert.Single(bindings, b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "Out");
    }

    /// <summary>The HTTP API functions (one-line wrappers over src/Api): name, method, route.</summary>
    public static TheoryData<string, string, string> ApiFunctions => new()
    {
        { nameof(ManagementFunctions.ListModels), "get", "models" },
        { nameof(ManagementFunctions.GetModel), "get", "models/{model}" },
        { nameof(ManagementFunctions.ListVersions), "get", "models/{model}/versions" },
        { nameof(ManagementFunctions.GetHistory), "get", "models/{model}/history" },
        { nameof(ManagementFunctions.ListRuns), "get", "models/{model}/runs" },
        { nameof(ManagementFunctions.GetRun), "get", "models/{model}/runs/{runId}" },
        { nameof(ManagementFunctions.GetRunStatus), "get", "models/{model}/runs/{instanceId}/status" },
        { nameof(ManagementFunctions.GetValidationReport), "get", "models/{model}/runs/{runId}/validation" },
        { nameof(ManagementFunctions.GetEvaluationReport), "get", "models/{model}/runs/{runId}/evaluation" },
        { nameof(ManagementFunctions.GetDriftReport), "get", "models/{model}/runs/{runId}/drift" },
        { nameof(ManagementFunctions.SubmitApproval), "post", "models/{model}/approval" },
        { nameof(ManagementFunctions.RollBack), "post", "models/{model}/rollback" },
        { nameof(MonitoringFunctions.GetLiveQuality), "get", "models/{model}/quality" },
        { nameof(MonitoringFunctions.GetPendingApproval), "get", "models/{model}/approval" },
        { nameof(MonitoringFunctions.GetDriftPage), "get", "models/{model}/runs/{runId}/drift.html" },
        { nameof(ManagementFunctions.GetOpenApi), "get", "openapi.json" },
        { nameof(ManagementFunctions.GetDashboard), "get", "dashboard" },
        { nameof(PredictionFunctions.Predict), "post", "models/{model}/predict" },
    };

    [Theory]
    [MemberData(nameof(ApiFunctions))]
    public void Metadata_ApiFunction_IsFunctionKeyHttpOnItsRouteAndMethod(string function, string method, string route)
    {
        // Act
        var bindings = Bindings(function);

        // Assert
        var http = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "httpTrigger");
        Assert.Equal(route, http.GetProperty("route").GetString());
        Assert.Equal([method], http.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("function", http.GetProperty("authLevel").GetString(), StringComparer.OrdinalIgnoreCase);
        Assert.Single(bindings, b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "Out");
    }

    [Theory]
    [InlineData(nameof(ManagementFunctions.GetRunStatus))]
    [InlineData(nameof(ManagementFunctions.SubmitApproval))]
    public void Metadata_ApiFunctionTalkingToTheTaskHub_HasDurableClient(string function)
    {
        // Assert
        Assert.Single(Bindings(function), b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void Metadata_Functions_AreTheOrchestratorActivitiesFourTriggersAndTheApi()
    {
        // Assert: HTTP start, timer, and the blob trigger once per source (polling, Event Grid).
        Assert.Equal(1 + CoreActivities.Length + 4 + ApiFunctions.Count, Functions.Value.Count);
    }

    private static JsonElement[] Bindings(string function)
    {
        Assert.True(Functions.Value.TryGetValue(function, out var metadata), $"No function named {function} in functions.metadata.");
        return [.. metadata.GetProperty("bindings").EnumerateArray()];
    }

    private static IReadOnlyDictionary<string, JsonElement> Load()
    {
        // The Functions SDK writes functions.metadata into the app's output; the test project records that path at build time.
        var path = typeof(FunctionsMetadataTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "FunctionsMetadataPath").Value!;
        Assert.True(File.Exists(path), $"functions.metadata not found at {path}; build src/Functions first.");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        return document.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone(), StringComparer.Ordinal);
    }
}
