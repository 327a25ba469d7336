using System.CommandLine;
using RetrainFunctions.Core.Specs;

namespace RetrainFunctions.Cli;

/// <summary>The options that steer spec inference (<c>init</c>, <c>backtest</c>): the label and what overrides a guess.</summary>
internal sealed class SpecInferenceArguments
{
    private SpecInferenceArguments()
    {
    }

    public Option<string> Label { get; } = new("--label") { Description = "The label column.", Required = true };

    public Option<string?> PositiveClass { get; } = new("--positive-class") { Description = "For binary labels: the value that counts as positive (inferred from names like 1/true/yes/up)." };

    public Option<ModelTask?> Task { get; } = new("--task") { Description = "BinaryClassification, MulticlassClassification or Regression (inferred from the label)." };

    public Option<string?> Timestamp { get; } = new("--timestamp") { Description = "The column that orders rows in time (inferred when a column holds timestamps)." };

    public Option<string[]> Exclude { get; } = new("--exclude") { Description = "Columns to leave out (ids, columns only known after the outcome).", AllowMultipleArgumentsPerToken = true };

    public Option<string[]> Include { get; } = new("--include") { Description = "Columns to keep although inference would leave them out (moving with time, id-like, label leakage).", AllowMultipleArgumentsPerToken = true };

    /// <summary>Creates the options and adds them to <paramref name="command"/>.</summary>
    public static SpecInferenceArguments AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var arguments = new SpecInferenceArguments();
        command.Options.Add(arguments.Label);
        command.Options.Add(arguments.PositiveClass);
        command.Options.Add(arguments.Task);
        command.Options.Add(arguments.Timestamp);
        command.Options.Add(arguments.Exclude);
        command.Options.Add(arguments.Include);
        return arguments;
    }

    /// <summary>The inference options for <paramref name="model"/> from the parsed command line.</summary>
    public SpecInferenceOptions ToOptions(ParseResult parse, string model) => new()
    {
        Model = model,
        Label = parse.GetRequiredValue(Label),
        PositiveClass = parse.GetValue(PositiveClass),
        Task = parse.GetValue(Task),
        TimestampColumn = parse.GetValue(Timestamp),
        Exclude = parse.GetValue(Exclude) ?? [],
        Include = parse.GetValue(Include) ?? [],
    };
}
