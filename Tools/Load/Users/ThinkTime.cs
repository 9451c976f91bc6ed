using System.Globalization;
using System.Text.RegularExpressions;

namespace ImServerTests.Load.Users;

/// <summary>
/// How long a user waits between two of its sessions (--think-time): a duration (2s, 500ms, 1.5s, 1m, 0) or a range
/// (1s-3s), from which each pause is picked uniformly.
/// </summary>
public sealed partial record ThinkTime(TimeSpan Min, TimeSpan Max)
{
    public const string Grammar = "a duration (2s, 500ms, 1.5s, 1m, 0) or a range MIN-MAX picked uniformly per pause (1s-3s)";

    public static readonly ThinkTime None = new(TimeSpan.Zero, TimeSpan.Zero);

    public bool IsNone => Max == TimeSpan.Zero;

    /// <summary>Reads the option's value; one that does not read is a <see cref="FormatException"/> saying what to write.</summary>
    public static ThinkTime Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split('-');
        if (parts.Length is 0 or > 2 || parts.Any(p => Duration().Match(p.Trim()) is not { Success: true }))
        {
            throw new FormatException($"--think-time '{text}' does not read: write {Grammar}");
        }

        var min = Of(parts[0]);
        var max = parts.Length == 2 ? Of(parts[1]) : min;
        return min <= max ? new ThinkTime(min, max) : throw new FormatException($"--think-time '{text}' has its larger end first: write {parts[1].Trim()}-{parts[0].Trim()}");
    }

    /// <summary>One pause: Min when the range is a single value, else uniform in [Min, Max].</summary>
    public TimeSpan Next() =>
        Min == Max ? Min : Min + TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * (Max - Min).Ticks));

    public override string ToString() =>
        IsNone ? "0" : Min == Max ? Text(Min) : $"{Text(Min)}-{Text(Max)}";

    private static string Text(TimeSpan time) =>
        time.TotalMilliseconds % 1000 == 0 ? $"{time.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s" : $"{time.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms";

    private static TimeSpan Of(string part)
    {
        var match = Duration().Match(part.Trim());
        var value = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(value),
            "s" => TimeSpan.FromSeconds(value),
            "m" => TimeSpan.FromMinutes(value),
            _ => value == 0 ? TimeSpan.Zero : throw new FormatException($"--think-time '{part}' has no unit: write {part.Trim()}s or {part.Trim()}ms"),
        };
    }

    [GeneratedRegex(@"^(?<value>\d+(?:\.\d+)?)(?<unit>ms|s|m)?$")]
    private static partial Regex Duration();
}
