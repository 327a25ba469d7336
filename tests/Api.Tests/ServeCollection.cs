namespace RetrainFunctions.Api.Tests;

/// <summary>The tests sharing one <see cref="ServeFixture"/> (trained once); they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class ServeCollection : ICollectionFixture<ServeFixture>
{
    public const string Name = "serve";
}
