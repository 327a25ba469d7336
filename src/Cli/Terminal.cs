using Spectre.Console;

namespace RetrainFunctions.Cli;

/// <summary>
/// The Spectre.Console console of the command line, writing to <see cref="Console.Out"/>: colours and box lines on a
/// terminal, plain text (no escape codes, a wide fixed width) when the output is redirected to a file, a pipe or a test.
/// </summary>
internal static class Terminal
{
    /// <summary>Creates a console over the current standard output.</summary>
    public static IAnsiConsole Create()
    {
        var redirected = Console.IsOutputRedirected || Console.Out is StringWriter;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = 200;
        }

        return console;
    }

    /// <summary><paramref name="renderable"/> as plain text (no colour or escape codes, 200 columns wide), for text that is printed with other lines.</summary>
    public static string Plain(Spectre.Console.Rendering.IRenderable renderable)
    {
        using var rendered = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(rendered),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 200;
        console.Write(renderable);
        return rendered.ToString();
    }

    /// <summary>A table with the given column headers, plain-bordered when not on a terminal.</summary>
    public static Table Table(params string[] headers)
    {
        var table = new Table().Border(Console.IsOutputRedirected || Console.Out is StringWriter ? TableBorder.Simple : TableBorder.Rounded);
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)));
        }

        return table;
    }

    /// <summary>Adds a row of plain text cells (escaped: no markup is interpreted).</summary>
    public static void Row(Table table, params string?[] cells) =>
        table.AddRow([.. cells.Select(c => new Text(c ?? "-"))]);

    /// <summary>
    /// Adds a row of figures (escaped: no markup is interpreted): cells that read as numbers are right-aligned, the others
    /// left-aligned, so that columns of figures line up.
    /// </summary>
    public static void Figures(Table table, params string?[] cells) =>
        table.AddRow([.. cells.Select(c => new Text(c ?? "-") { Justification = IsNumber(c) ? Justify.Right : Justify.Left })]);

    /// <summary>The first <paramref name="length"/> characters of <paramref name="text"/>, with an ellipsis when cut.</summary>
    public static string Clip(string? text, int length) =>
        text is null ? "-" : text.Length <= length ? text : string.Concat(text.AsSpan(0, length - 1), "…");

    private static bool IsNumber(string? cell) =>
        double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
}
