using System.Globalization;
using System.Text.RegularExpressions;

namespace ImServerTests.Load;

/// <summary>A duration as Locust writes it: 20s, 5m, 1h, 1h30m, 90 (seconds).</summary>
public static partial class RunTime
{
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Duration().Match(text.Trim());
        if (!match.Success || match.Length == 0)
        {
            throw new FormatException($"'{text}' is not a duration: write 20s, 5m, 1h or 1h30m");
        }

        if (match.Groups["plain"].Success)
        {
            return TimeSpan.FromSeconds(int.Parse(match.Groups["plain"].Value, CultureInfo.InvariantCulture));
        }

        int Part(string name) => match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        var duration = new TimeSpan(Part("h"), Part("m"), Part("s"));
        return duration > TimeSpan.Zero ? duration : throw new FormatException($"'{text}' is no time at all: a run needs at least 1s");
    }

    [GeneratedRegex(@"^(?:(?<plain>\d+)|(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?)$")]
    private static partial Regex Duration();
}
