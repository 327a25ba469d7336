using System.CommandLine;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Cli;

/// <summary>The <c>model</c> argument of the commands that act on one model, validated the same way everywhere.</summary>
internal static class ModelArgument
{
    /// <summary>Creates the argument.</summary>
    public static Argument<string> Create() => new("model") { Description = "Model name: lowercase letters, digits and single hyphens, 2-48 characters." };

    /// <summary>Returns the model name, or prints why it is invalid to standard error and returns <see langword="null"/>.</summary>
    public static async Task<string?> ValidatedAsync(ParseResult parse, Argument<string> argument)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var name = parse.GetRequiredValue(argument);
        if (ModelName.Explain(name) is { } problem)
        {
            await Console.Error.WriteLineAsync($"error: model: {problem}.");
            return null;
        }

        return name;
    }
}
