using System.Globalization;
using System.Text.RegularExpressions;

namespace ImServerTests.Fuzz;

/// <summary>A duration as a person writes it: 90s, 10m, 1h30m, or a number of seconds.</summary>
internal static partial class Duration
{
    public const string Grammar = "90s, 10m, 1h30m or a number of seconds";

    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        var match = Pattern().Match(text.Trim());
        if (!match.Success || match.Length == 0)
        {
            throw new FormatException($"is '{text}': write {Grammar}");
        }

        var time = TimeSpan.FromHours(Number(match, "h")) + TimeSpan.FromMinutes(Number(match, "m")) + TimeSpan.FromSeconds(Number(match, "s"));
        return time > TimeSpan.Zero ? time : throw new FormatException($"is '{text}': a duration above 0 is needed ({Grammar})");
    }

    private static int Number(Match match, string group) => match.Groups[group].Success ? int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex("^(?:(?<h>[0-9]+)h)?(?:(?<m>[0-9]+)m)?(?:(?<s>[0-9]+)s)?$")]
    private static partial Regex Pattern();
}
