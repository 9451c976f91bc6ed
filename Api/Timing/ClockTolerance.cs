using System.Globalization;

namespace ImServerTests.Api.Timing;

/// <summary>
/// How far the <c>timestamp</c> of a frame the server makes may be from this machine's clock. The server stamps a frame
/// when it makes it, in Unix epoch milliseconds (UTC by definition), so the stamp lies between the send that caused
/// the frame and its arrival, give or take <see cref="Limit"/>: the two clocks' difference (websocket.yml's
/// server.clockToleranceMs). A stamp in local time is hours off; one in seconds, or cached, is off by more.
/// </summary>
public sealed record ClockTolerance(TimeSpan Limit, string Source)
{
    /// <summary>
    /// What is wrong with <paramref name="timestamp"/> for a frame caused by a send at <paramref name="sent"/> that
    /// arrived at <paramref name="arrived"/>, or null when it lies in the window. A timestamp that is absent or not
    /// epoch milliseconds is the contract's to report, not this check's.
    /// </summary>
    public string? Problem(string? timestamp, DateTimeOffset sent, DateTimeOffset arrived)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var stamp))
        {
            return null;
        }

        // The stamp has whole milliseconds: the send counts from its millisecond, the arrival up to the end of its own.
        var earliest = sent.ToUnixTimeMilliseconds() - (long)Limit.TotalMilliseconds;
        var latest = arrived.ToUnixTimeMilliseconds() + 1 + (long)Limit.TotalMilliseconds;
        var where = stamp < earliest
            ? $"{Span(sent.ToUnixTimeMilliseconds() - stamp)} before the send that caused it ({Shown(sent)})"
            : stamp > latest
                ? $"{Span(stamp - arrived.ToUnixTimeMilliseconds())} after the frame arrived ({Shown(arrived)})"
                : null;
        return where is null
            ? null
            : $"timestamp is \"{timestamp}\" ({Shown(stamp)}), {where}; the server stamps a frame it makes between the send that caused it "
              + $"and its arrival, give or take {Ms(Limit.TotalMilliseconds)} (clock tolerance, {Source})";
    }

    private static string Shown(long epochMs) =>
        epochMs is >= -62_135_596_800_000 and <= 253_402_300_799_999 ? Shown(DateTimeOffset.FromUnixTimeMilliseconds(epochMs)) : "not a date";

    private static string Shown(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", CultureInfo.InvariantCulture);

    // Milliseconds, and hours or minutes beside them when there are that many: "28,800,000 ms, 8 h".
    private static string Span(long ms) => ms switch
    {
        >= 3_600_000 => $"{Ms(ms)}, {(ms / 3_600_000.0).ToString("0.#", CultureInfo.InvariantCulture)} h",
        >= 60_000 => $"{Ms(ms)}, {(ms / 60_000.0).ToString("0.#", CultureInfo.InvariantCulture)} min",
        _ => Ms(ms),
    };

    private static string Ms(double ms) => ms.ToString("#,0", CultureInfo.InvariantCulture) + " ms";
}
