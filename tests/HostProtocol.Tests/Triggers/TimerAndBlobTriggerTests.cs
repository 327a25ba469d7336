using System.Text.Json;
using Microsoft.Azure.WebJobs.Script.Grpc.Messages;
using RetrainFunctions.Core.Orchestration;
using RetrainFunctions.Core.Storage;
using RetrainFunctions.HostProtocol.Tests.Infrastructure;

namespace RetrainFunctions.HostProtocol.Tests.Triggers;

/// <summary>
/// The timer and blob triggers invoked as the host invokes them, with the binding payloads the host sends
/// (<c>TimerInfo</c> JSON; the blob as <see cref="ModelBindingData"/> for a <c>BlobClient</c>), each starting a run
/// through <c>[DurableClient]</c> on the task hub's gRPC endpoint.
/// </summary>
[Collection(HostProtocolCollection.Name)]
public sealed class TimerAndBlobTriggerTests(HostProtocolFixture fixture)
{
    [Fact]
    public async Task ScheduledRetrain_Tick_StartsARunOfEveryModelOnScheduleAndNoOther()
    {
        // Arrange
        const string Function = "ScheduledRetrain";
        await fixture.SaveSpecAsync("timer-due", onSchedule: true);
        await fixture.SaveSpecAsync("timer-off", onSchedule: false);
        var timer = new TypedData
        {
            Json = """{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2026-11-29T00:00:00Z","Next":"2026-12-06T00:00:00Z","LastUpdated":"2026-11-29T00:00:00Z"},"IsPastDue":false}""",
        };

        // Act
        var response = await fixture.Host.InvokeAsync(Function, [
            new ParameterBinding { Name = fixture.Host.BindingName(Function, "timerTrigger"), Data = timer },
            FunctionsHostStandIn.StringInput(fixture.Host.BindingName(Function, "durableClient"), fixture.DurableClientInput()),
        ]);

        // Assert
        Assert.True(response.Result.Status == StatusResult.Types.Status.Success, $"{response.Result.Exception?.Message}{Environment.NewLine}{fixture.Host.Diagnostics()}");
        var due = await fixture.Durable.GetInstanceAsync("retrain-timer-due", getInputsAndOutputs: true);
        Assert.NotNull(due);
        var request = due.ReadInputAs<RetrainRequest>();
        Assert.Equal(RunTrigger.Schedule, request?.Trigger);
        Assert.Equal("schedule", request?.RequestedBy);
        Assert.Matches("^[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$", request?.RunId);
        Assert.Null(await fixture.Durable.GetInstanceAsync("retrain-timer-off"));
    }

    [Theory]
    [InlineData("NewDataArrived", "blob-polled")]
    [InlineData("NewDataArrivedEventGrid", "blob-event-grid")]
    public async Task NewDataArrived_Upload_StartsARunRequestedByTheFile(string function, string model)
    {
        // Arrange
        await fixture.SaveSpecAsync(model, onNewData: true);
        var blobName = $"incoming/{model}/week-01.csv";
        await fixture.Store.WriteBytesAsync(blobName, "tenure,churned\n1,0\n2,1\n"u8.ToArray(), ArtifactWriteCondition.None);
        var reference = JsonSerializer.Serialize(new { Connection = "ArtifactStorage", ContainerName = fixture.Container, BlobName = blobName });
        var blob = new TypedData
        {
            ModelBindingData = new ModelBindingData
            {
                Version = "1.0",
                Source = "AzureStorageBlobs",
                ContentType = "application/json",
                Content = FunctionsHostStandIn.Utf8(reference),
            },
        };
        var metadata = new Dictionary<string, TypedData>
        {
            ["model"] = new() { String = model },
            ["name"] = new() { String = "week-01.csv" },
            ["BlobTrigger"] = new() { String = $"{fixture.Container}/{blobName}" },
        };

        // Act
        var response = await fixture.Host.InvokeAsync(function, [
            new ParameterBinding { Name = fixture.Host.BindingName(function, "blobTrigger"), Data = blob },
            FunctionsHostStandIn.StringInput(fixture.Host.BindingName(function, "durableClient"), fixture.DurableClientInput()),
        ], metadata);

        // Assert
        Assert.True(response.Result.Status == StatusResult.Types.Status.Success, $"{response.Result.Exception?.Message}{Environment.NewLine}{fixture.Host.Diagnostics()}");
        var instance = await fixture.Durable.GetInstanceAsync($"retrain-{model}", getInputsAndOutputs: true);
        Assert.NotNull(instance);
        var request = instance.ReadInputAs<RetrainRequest>();
        Assert.Equal(RunTrigger.NewData, request?.Trigger);
        Assert.Equal("week-01.csv", request?.RequestedBy);
    }
}
