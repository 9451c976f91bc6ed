using System.Text.RegularExpressions;

namespace ImServerTests.Load.Users;

/// <summary>
/// A failure's reason as the statistics group it: the first problem, with what changes from session to session
/// (user and teacher ids, UUIDs, times, frames) put as placeholders, so one defect is one row, not thousands.
/// </summary>
public static partial class FailureReason
{
    private const int MaxLength = 300;

    public static string Of(IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var first = problems.Count == 0 ? "failed" : problems[0];
        var line = first.Split('\n', 2)[0].Trim();
        line = Teacher().Replace(line, "{teacher}");
        line = Uuid().Replace(line, "{uuid}");
        line = UserId().Replace(line, "{user}");
        line = LongNumber().Replace(line, "{n}");
        line = Frame().Replace(line, "{frame}");
        return line.Length > MaxLength ? line[..MaxLength] + "..." : line;
    }

    [GeneratedRegex("[0-9a-f]{32}__mtx")]
    private static partial Regex Teacher();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"\b[A-Za-z0-9_]+-[0-9a-f]{12}\b")]
    private static partial Regex UserId();

    [GeneratedRegex(@"\d{6,}")]
    private static partial Regex LongNumber();

    [GeneratedRegex(@"\{""[^\n]*\}")]
    private static partial Regex Frame();
}
