using System.Globalization;
using System.Text;

namespace ImServerTests.Api.Expectations;

/// <summary>
/// Where two texts first differ, for differences an eye cannot find: a long text cut short, an emoji turned into "?",
/// a combining mark dropped, a space trimmed. Counted in Unicode code points, each character shown as U+XXXX.
/// </summary>
public static class TextDifference
{
    private const int ShortText = 32;
    private const int ShownHead = 60;
    private const int ShownTail = 20;

    /// <summary>True when a plain "is X, expected Y" would hide the difference: two long texts, or one with characters beyond printable ASCII or spaces at an end.</summary>
    public static bool NeedsPointing(string actual, string expected)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        return (actual.Length > ShortText && expected.Length > ShortText) || !PlainAscii(actual) || !PlainAscii(expected)
            || EdgeSpaces(actual) || EdgeSpaces(expected);
    }

    /// <summary>"first difference at code point 64 of 2,000: expected U+4F60 '你', got U+003F '?'" (or "got the end of the text").</summary>
    public static string First(string expected, string actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var wanted = expected.EnumerateRunes().ToList();
        var got = actual.EnumerateRunes().ToList();
        var index = 0;
        while (index < wanted.Count && index < got.Count && wanted[index] == got[index])
        {
            index++;
        }

        var length = wanted.Count.ToString("#,0", CultureInfo.InvariantCulture);
        return $"first difference at code point {index.ToString("#,0", CultureInfo.InvariantCulture)} (counting from 0) of {length}: "
            + $"expected {Describe(wanted, index)}, got {Describe(got, index)}";
    }

    /// <summary>The text in quotes, its middle left out when it is long, with its length.</summary>
    public static string Shown(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= ShownHead + ShownTail)
        {
            return $"\"{text}\"";
        }

        var head = Cut(text, ShownHead, fromStart: true);
        var tail = Cut(text, ShownTail, fromStart: false);
        return $"\"{head}…{tail}\" ({text.EnumerateRunes().Count().ToString("#,0", CultureInfo.InvariantCulture)} code points)";
    }

    private static string Describe(List<Rune> runes, int index) =>
        index >= runes.Count
            ? $"the end of the text ({runes.Count.ToString("#,0", CultureInfo.InvariantCulture)} code points)"
            : $"U+{runes[index].Value:X4} {Visible(runes[index])}";

    // A control character or a lone combining mark would vanish or merge in a message: name those instead of showing them.
    private static string Visible(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpaceSeparator
            or UnicodeCategory.EnclosingMark or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            => $"({Rune.GetUnicodeCategory(rune)})",
        _ => $"'{rune}'",
    };

    private static string Cut(string text, int length, bool fromStart)
    {
        var start = fromStart ? 0 : text.Length - length;
        // Never split a surrogate pair.
        if (fromStart && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }
        else if (!fromStart && char.IsLowSurrogate(text[start]))
        {
            start++;
            length--;
        }

        return text.Substring(start, length);
    }

    private static bool PlainAscii(string text) => text.All(c => c is >= ' ' and <= '~');

    private static bool EdgeSpaces(string text) => text.Length > 0 && (text[0] == ' ' || text[^1] == ' ');
}
