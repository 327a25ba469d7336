using Microsoft.Extensions.Logging;

namespace RetrainFunctions.Core.Storage;

/// <summary>Log messages of the artifact store (EventIds 100-199). Never logs connection strings or keys.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Artifact store: {StoreKind} at {Location}")]
    public static partial void StoreSelected(ILogger logger, ArtifactStoreKind storeKind, string location);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Created blob container {ContainerName} in storage account {AccountName}")]
    public static partial void ContainerCreated(ILogger logger, string containerName, string accountName);
}
