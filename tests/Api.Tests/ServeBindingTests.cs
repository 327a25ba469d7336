using System.Net;
using RetrainFunctions.Cli.Commands;
using RetrainFunctions.Cli.Serving;

namespace RetrainFunctions.Api.Tests;

public sealed class ServeBindingTests
{
    [Fact]
    public void DefaultUrls_BindLoopbackOnly()
    {
        var uris = ServeHost.DefaultUrls.Split(';').Select(u => new Uri(u)).ToList();

        Assert.NotEmpty(uris);
        Assert.All(uris, u => Assert.True(IPAddress.TryParse(u.Host, out var address) && IPAddress.IsLoopback(address), $"{u} is not a loopback address"));
    }

    [Fact]
    public void ServeCommand_WithoutUrls_UsesTheLoopbackDefault()
    {
        var command = ServeCommand.Create();

        var parse = command.Parse([]);

        Assert.Empty(parse.Errors);
        var urls = parse.GetValue<string>("--urls");
        Assert.Equal(ServeHost.DefaultUrls, urls);
    }
}
