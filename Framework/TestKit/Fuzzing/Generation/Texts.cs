using CsCheck;

namespace ImServerTests.TestKit.Fuzzing.Generation;

/// <summary>
/// Texts for generated frames: every length class up to the room a frame has (empty, a character, short, long, and
/// near the server's limit), characters of every Unicode plane, JSON's escapes and control characters, with the
/// words the teacher answers to among them. Sizes shrink towards short ASCII.
/// </summary>
public static class Texts
{
    /// <summary>Words that mean something to the server or to a page: the greeting and farewell triggers, markup, a quote.</summary>
    private static readonly string[] Snippets = ["你好", "hello", "再见", "bye", "</script>", "\"", "\\", "\\u0000", "{\"type\":\"match\"}", "' OR 1=1 --", "👨‍👩‍👧‍👦", "🇨🇳", "é", "\u202e"];

    /// <summary>One character (one or two UTF-16 code units), from a family picked by weight.</summary>
    public static Gen<string> Character { get; } = Gen.Frequency(
        (30, Gen.Char[' ', '~'].Select(c => c.ToString())),
        (10, Gen.Char["你好世界中文消息内容为空谢谢老师同学请问"].Select(c => c.ToString())),
        (4, Gen.Char[" \t\n\r"].Select(c => c.ToString())),
        (4, Gen.OneOf(Gen.Char['\0', '\u001f'], Gen.Char['\u007f', '\u009f']).Select(c => c.ToString())),
        (5, Gen.Char['\u00a0', '\u07ff'].Select(c => c.ToString())),
        (5, Gen.OneOf(Gen.Char['\u0800', '\ud7ff'], Gen.Char['\ue000', '\uffff']).Select(c => c.ToString())),
        (6, Gen.Int[0x1f300, 0x1faff].Select(char.ConvertFromUtf32)),
        (5, Gen.Select(Gen.Int[1, 16], Gen.Int[0, 0xffff], (plane, at) => char.ConvertFromUtf32((plane << 16) | at))),
        (3, Gen.OneOf(Snippets)));

    /// <summary>A text of up to about <paramref name="room"/> code units (characters outside the BMP count 2, and a frame cuts what is over).</summary>
    public static Gen<string> Text(int room) => Length(room).SelectMany(n => Character.Array[n]).Select(Join);

    /// <summary>A text with at least one character that no server takes for blank.</summary>
    public static Gen<string> NonBlank(int room) => Text(room).Select(t => Blankness.Of(t) == Blank.No ? t : t + "x");

    /// <summary>A text far longer than any case sends, yet under the limit: a quarter of the room to all of it.</summary>
    public static Gen<string> FarTooLong(int room) => Gen.Int[Math.Max(1, room / 4), Math.Max(1, room)].SelectMany(n => Character.Array[n]).Select(Join);

    /// <summary>Blank for sure (spaces, tabs, line ends, or nothing), or blank only to some servers (Unicode spaces).</summary>
    public static Gen<string> Blanks { get; } = Gen.OneOf(
        Gen.OneOf("", " ", "\t", " \n \r\t "),
        Gen.OneOf("\u3000", "\u00a0", " \u200b ", "\u2028", "\ufeff"));

    /// <summary>The length classes: a character, short, medium, long, near the room; the empty text is the blank generators' own.</summary>
    public static Gen<int> Length(int room) => Gen.Frequency(
        (8, Gen.Int[1, Math.Min(8, room)]),
        (6, Gen.Int[1, Math.Min(64, room)]),
        (3, Gen.Int[1, Math.Min(512, room)]),
        (2, Gen.Int[1, Math.Min(2048, room)]),
        (2, Gen.Int[Math.Min(2048, room), room]));

    // ${ starts a variable in the scenario language, which a regression case of the text would try to put in.
    private static string Join(string[] characters) => string.Concat(characters).Replace("${", "$ {", StringComparison.Ordinal);
}

/// <summary>Whether servers take a text for blank: all agree on spaces, tabs and line ends; Java's and .NET's whitespace differ beyond them.</summary>
public enum Blank
{
    No,
    Yes,
    ToSomeServers,
}

public static class Blankness
{
    public static Blank Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.All(c => c is ' ' or '\t' or '\n' or '\r'))
        {
            return Blank.Yes;
        }

        // trim() drops everything up to U+0020; Character.isWhitespace, char.IsWhiteSpace and JavaScript's trim differ above it.
        return text.All(c => c <= ' ' || char.IsWhiteSpace(c) || c is '\u200b' or '\ufeff' or '\u180e' or '\u2060' or '\u0085')
            ? Blank.ToSomeServers
            : Blank.No;
    }
}
