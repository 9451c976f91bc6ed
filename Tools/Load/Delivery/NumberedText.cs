using System.Globalization;

namespace ImServerTests.Load.Delivery;

/// <summary>
/// The text of one direction's numbered messages in one session: "{session} to seat #3". The session part (the
/// customer's id, unique to the session) tells this session's messages from any other's, so a message delivered to
/// the wrong session is a stray, not a copy.
/// </summary>
public sealed class NumberedText(string session, string direction)
{
    private readonly string _prefix = $"{session} {direction} #";

    public string Of(int number) => _prefix + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>The number of a message of this session and direction, else null.</summary>
    public int? NumberOf(string? msg) =>
        msg is not null && msg.StartsWith(_prefix, StringComparison.Ordinal)
        && int.TryParse(msg.AsSpan(_prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
}
