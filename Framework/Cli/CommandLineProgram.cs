using System.CommandLine;

namespace ImServerTests.Cli;

/// <summary>Exit codes every program of the repository uses.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The run went wrong: a defect not caught, a threshold broken, a file that cannot be used.</summary>
    public const int Failed = 1;

    /// <summary>The command line is wrong: an unknown or malformed option or argument.</summary>
    public const int Usage = 2;
}

/// <summary>
/// Runs a program's command line the same way everywhere: --help in System.CommandLine's shape; an unknown or
/// malformed option answered with one line naming it and the usage, exit code 2; otherwise the command's own action,
/// whose result is 0 for success and 1 for a failed run.
/// </summary>
public static class CommandLineProgram
{
    public static async Task<int> RunAsync(RootCommand command, IReadOnlyList<string> args, TextWriter? output = null, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(args);
        var parsed = command.Parse(args);
        var errors = error ?? Console.Error;
        if (parsed.Errors.Count > 0)
        {
            // An option nobody knows is the likeliest cause of the other errors: it is named first.
            var first = parsed.Errors.FirstOrDefault(e => e.Message.Contains("unknown option", StringComparison.OrdinalIgnoreCase)
                || parsed.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal))) ?? parsed.Errors[0];
            await errors.WriteLineAsync($"error: {first.Message.TrimEnd('.')}. Usage: {Usage(parsed.CommandResult.Command)} (see --help)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration { Output = output ?? Console.Out, Error = errors, EnableDefaultExceptionHandler = true };
        return await parsed.InvokeAsync(configuration).ConfigureAwait(false);
    }

    /// <summary>One line of usage: the command path, its arguments, and [options].</summary>
    public static string Usage(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var path = new List<string>();
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            path.Insert(0, c is RootCommand ? RootCommand.ExecutableName : c.Name);
        }

        var arguments = command.Arguments.Where(a => !a.Hidden).Select(a => a.Arity.MaximumNumberOfValues > 1 ? $"[{a.Name.ToUpperInvariant()}...]" : a.Name.ToUpperInvariant());
        var commands = command.Subcommands.Count > 0 ? ["COMMAND"] : Array.Empty<string>();
        return string.Join(" ", path.Concat(commands).Concat(arguments).Append("[options]"));
    }
}
