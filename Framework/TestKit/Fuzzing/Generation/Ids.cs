using CsCheck;

namespace ImServerTests.TestKit.Fuzzing.Generation;

/// <summary>User ids and other short values that match the contract's patterns, or are as odd as they still allow.</summary>
public static class Ids
{
    private static readonly Gen<string> OddUnit = Gen.Frequency(
        (8, Gen.Char["abcxyz0123456789-_."].Select(c => c.ToString())),
        (3, Gen.Char["%/ @+#?&=:~"].Select(c => c.ToString())),
        (1, Gen.OneOf("你", "好", "🙂", "é")));

    /// <summary>A teacher id nobody has: 32 lowercase hex digits and __mtx (the contract's teacherId pattern).</summary>
    public static Gen<string> StrangerTeacher { get; } = Gen.Char["0123456789abcdef"].Array[32].Select(hex => new string(hex) + "__mtx");

    /// <summary>A customer-like id nobody has, with characters a lookup may trip on ('%', '/', spaces, CJK, emoji); never blank, never a teacher's.</summary>
    public static Gen<string> Stranger { get; } = Gen.Select(Gen.Char["abcdefgh"], OddUnit.Array[0, 24], (first, rest) => first + string.Concat(rest));

    /// <summary>A type the server does not know: not match or normal (<paramref name="excluded"/>, the contract's not-enum).</summary>
    public static Gen<string> UnknownType(IReadOnlyList<string> excluded) =>
        Gen.OneOf(Gen.OneOf("receipt", "subscribe", "ping", "system", "chat", "MATCH", "Normal"), Gen.Char['a', 'z'].Array[1, 12].Select(c => new string(c)))
            .Select(t => excluded.Contains(t, StringComparer.Ordinal) ? t + "x" : t);

    /// <summary>A client's msgId: the seed's 111, a UUID, digits, any short text, or one far longer than the server's own.</summary>
    public static Gen<string> MsgId { get; } = Gen.Frequency(
        (4, Gen.Const("111")),
        (3, Gen.Guid.Select(g => g.ToString("D"))),
        (3, Gen.Long[0, long.MaxValue].Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (3, Texts.Text(32)),
        (2, Texts.Character.Array[65, 300].Select(c => string.Concat(c).Replace("${", "$ {", StringComparison.Ordinal))));
}
