namespace RetrainFunctions.HostProtocol.Tests.Infrastructure;

/// <summary>One worker, one task hub and one Azurite for every test class of the suite.</summary>
[CollectionDefinition(Name)]
public sealed class HostProtocolCollection : ICollectionFixture<HostProtocolFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "HostProtocol";
}
