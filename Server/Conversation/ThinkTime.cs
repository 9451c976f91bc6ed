using System.Globalization;

namespace ImServerTests.Server.Conversation;

/// <summary>How long the teacher thinks before replying: a range in milliseconds, picked uniformly.</summary>
public sealed record ThinkTime(int MinMs, int MaxMs)
{
    /// <summary>Small enough that the suite is fast, large enough that replies really are asynchronous.</summary>
    public static ThinkTime Default { get; } = new(10, 30);

    /// <summary>The public pinter server's 1 to 3 seconds.</summary>
    public static ThinkTime RealServer { get; } = new(1000, 3000);

    public static ThinkTime None { get; } = new(0, 0);

    public TimeSpan Next() =>
        TimeSpan.FromMilliseconds(MinMs == MaxMs ? MinMs : Random.Shared.Next(MinMs, MaxMs + 1));

    /// <summary>Reads "MIN-MAX" or "MS" (milliseconds).</summary>
    public static ThinkTime Parse(string text)
    {
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length is 1 or 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var min)
            && int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var max)
            && min <= max)
        {
            return new ThinkTime(min, max);
        }

        throw new FormatException(
            $"reply delay '{text}' is not MIN-MAX in milliseconds with MIN <= MAX (for example 1000-3000, or 0 for no delay)");
    }

    public override string ToString() => MinMs == MaxMs ? $"{MinMs} ms" : $"{MinMs}-{MaxMs} ms";
}
