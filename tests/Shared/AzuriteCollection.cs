namespace RetrainFunctions.Tests.Shared;

/// <summary>
/// The xunit collection sharing one <see cref="AzuriteFixture"/> across the test classes of an assembly:
/// mark a class <c>[Collection(AzuriteCollection.Name)]</c> and take <see cref="AzuriteFixture"/> in its constructor.
/// </summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "Azurite";
}
