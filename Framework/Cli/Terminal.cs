using Spectre.Console;

namespace ImServerTests.Cli;

/// <summary>
/// Where a program writes for a person: a terminal gets Spectre.Console's live views and tables; anything else (a CI
/// log, a file) gets plain lines and markdown tables, free of control codes.
/// </summary>
public static class Terminal
{
    /// <summary>True when the output is a terminal a live view can redraw.</summary>
    public static bool IsInteractive =>
        !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive && AnsiConsole.Profile.Capabilities.Ansi;

    /// <summary>A table: drawn in a terminal, markdown (which a file or a log reads well) anywhere else.</summary>
    public static void WriteTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, TextWriter? plain = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        if (plain is null && IsInteractive)
        {
            AnsiConsole.Write(Render(headers, rows));
            return;
        }

        var writer = plain ?? Console.Out;
        writer.WriteLine("| " + string.Join(" | ", headers) + " |");
        writer.WriteLine("|" + string.Concat(headers.Select(_ => "---|")));
        foreach (var row in rows)
        {
            writer.WriteLine("| " + string.Join(" | ", row.Select(cell => cell.Replace('|', '/'))) + " |");
        }
    }

    /// <summary>The table as Spectre.Console draws it.</summary>
    public static Table Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            table.AddColumn(Markup.Escape(header));
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => new Markup(Markup.Escape(cell))).ToArray<Spectre.Console.Rendering.IRenderable>());
        }

        return table;
    }
}
