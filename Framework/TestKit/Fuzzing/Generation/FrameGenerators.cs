using CsCheck;
using ImServerTests.TestKit.Fuzzing.Frames;

namespace ImServerTests.TestKit.Fuzzing.Generation;

/// <summary>
/// Frames for every message a client sends, made from the contract's request schemas (<see cref="RequestSchemas"/>):
/// frames that keep the schema (every const, ids of the patterns, texts of every length, plane and escape, members in
/// any order), and frames that break it one way at a time (a field missing, blank, of another JSON kind or far too
/// long; a field the contract does not name; a key twice; a raw control character; deep nesting), texts that are
/// blank, not JSON or JSON that is not an object, and a lone surrogate escape. Every frame fits in
/// <paramref name="maxChars"/> once its ids are put in (<see cref="FrameTemplate.Resolve"/> cuts what is over).
/// </summary>
public sealed class FrameGenerators(RequestSchemas schemas, int maxChars)
{
    /// <summary>What a frame's ids and structure may take at most, so that its texts get the rest.</summary>
    private const int Envelope = 700;

    private int Room => Math.Max(16, maxChars - Envelope);

    /// <summary>Any frame a client could send, schema-keeping ones first (they shrink to them).</summary>
    public Gen<FrameTemplate> Any => Gen.Frequency(
        (8, Valid(schemas[MatchMessage])),
        (10, Valid(schemas[NormalMessage])),
        (2, Valid(schemas[UnknownTypeMessage])),
        (14, Gen.OneOf(Broken(schemas[MatchMessage]), Broken(schemas[NormalMessage]), Broken(schemas[UnknownTypeMessage]))),
        (3, Unreadable),
        (1, LoneSurrogate));

    /// <summary>The contract's name of the match request (the send operation whose message has type const match).</summary>
    public string MatchMessage => ByTypeConst("match");

    public string NormalMessage => ByTypeConst("normal");

    public string UnknownTypeMessage => schemas.Messages.First(m => m.Field("type") is { Excluded.Count: > 0 }).Name;

    /// <summary>A frame that keeps the message's schema: each required field, each optional one or not, in any order.</summary>
    public Gen<FrameTemplate> Valid(RequestMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Members(message).Select(members => FrameTemplate.Object(KindOf(message, members), members));
    }

    /// <summary>A frame of the message broken one way: one field missing, blank, of another kind or far too long, or one frame-wide break.</summary>
    public Gen<FrameTemplate> Broken(RequestMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var fields = message.Fields.Select(f => f.Name).ToArray();
        return Gen.Select(Members(message), Gen.OneOf(fields), Gen.Int[0, 8]).SelectMany((members, field, way) => way switch
        {
            0 => Gen.Const(Without(message, members, field)),
            1 => Texts.Blanks.Select(b => Replaced(message, members, field, new TextPiece(b), $"{field} blank")),
            2 => OtherKind.Select(k => Replaced(message, members, field, k.Piece, $"{field} of kind {k.Kind}")),
            3 => (field == "from" ? Ids.Stranger.Select(s => s + new string('x', Room / 4)) : Texts.FarTooLong(Room))
                .Select(t => Replaced(message, members, field, new TextPiece(t), $"{field} far too long")),
            4 => UnknownMember.Select(m => FrameTemplate.Object($"{Short(message)} with field '{m.Name}' the contract does not name", Insert(members, m))),
            5 => Gen.Const(Duplicated(message, members, field)),
            6 => Texts.Character.Array[0, 4].Select(c => string.Concat(c)).Select(t => FrameTemplate.Object(
                $"{Short(message)} with a raw control character in {field}",
                [.. members.Select(m => m.Name == field ? m with { Value = new TextPiece(t + "\u0001" + Plain(m.Value), Escaping.RawControls) } : m)])),
            7 => Gen.Select(Gen.Int[8, Math.Max(9, Room / 7)], Gen.Bool).Select((depth, objects) => FrameTemplate.Object(
                $"{Short(message)} with {depth} levels of nesting in a field the contract does not name", Insert(members, new Member("nested", new NestedPiece(depth, objects))))),
            _ => Gen.Const(FrameTemplate.Object($"{Short(message)} with its members reordered", [.. Enumerable.Reverse(members)])),
        });
    }

    /// <summary>Text that is blank, that is not JSON, or JSON that is not an object; deep nesting at the top.</summary>
    public Gen<FrameTemplate> Unreadable => Gen.OneOf(
        Texts.Blanks.Select(b => FrameTemplate.Raw("a blank frame", b)),
        Gen.Select(Gen.OneOf("hello", "x", "<xml/>", "'single'", "ok?"), Texts.Text(64)).Select((w, t) => FrameTemplate.Raw("text that is not JSON", w + " " + t)),
        Gen.OneOf("{", "}", "[1,", "{\"type\":\"match\",\"from\":", "{\"type\":\"match\"").Select(t => FrameTemplate.Raw("text that is not JSON", t)),
        Gen.OneOf("[]", "42", "\"x\"", "null", "true", "-0.5e10", "[{\"type\":\"match\",\"to\":\"system\"}]").Select(t => FrameTemplate.Raw("JSON that is not an object", t)),
        Gen.Int[2, Math.Max(3, Room / 2)].Select(depth => FrameTemplate.Raw($"arrays nested {depth} deep", FrameText.Write(new NestedPiece(depth, Objects: false)))));

    /// <summary>A normal message (or a match) carrying a lone surrogate escape (\ud800 or \udc00): what a server owes it is not known.</summary>
    public Gen<FrameTemplate> LoneSurrogate => Gen.Select(Members(schemas[NormalMessage]), Gen.OneOf("\ud800", "\udc00"), Texts.Text(16))
        .Select((members, lone, text) => FrameTemplate.Object(
            "a normal message with a lone surrogate escape in msg",
            [.. members.Where(m => m.Name != "msg"), new Member("msg", new TextPiece(text + lone + text))]));

    /// <summary>A value of another JSON kind than the contract's string.</summary>
    public static Gen<(string Kind, JsonPiece Piece)> OtherKind { get; } = Gen.OneOf(
        Gen.OneOf("0", "-1", "3.25", "1e400", "12345678901234567890").Select(n => ("number", (JsonPiece)new NumberPiece(n))),
        Gen.Bool.Select(b => ("boolean", (JsonPiece)new BoolPiece(b))),
        Gen.Const(("null", (JsonPiece)new NullPiece())),
        Gen.OneOf<JsonPiece>(new ArrayPiece([]), new ArrayPiece([new TextPiece("match")]), new ArrayPiece([new NumberPiece("1"), new NullPiece()])).Select(p => ("array", p)),
        Gen.OneOf<JsonPiece>(new ObjectPiece([]), new ObjectPiece([new Member("type", new TextPiece("match"))])).Select(p => ("object", p)));

    // A name the protocol does not know (never one of its fields in another case), with a value of any kind.
    private static Gen<Member> UnknownMember { get; } = Gen.Select(
        Gen.OneOf("extra", "userId", "token", "version", "room", "__proto__", "Type", "msg_id", "data", "ext"),
        Gen.OneOf(Texts.Text(32).Select(t => (JsonPiece)new TextPiece(t)), OtherKind.Select(k => k.Piece)),
        (name, value) => new Member(name, value));

    private Gen<List<Member>> Members(RequestMessage message)
    {
        var fields = message.Fields.Select(f => Gen.Select(Gen.Bool, Value(f), Escapings, (present, value, escaping) =>
            f.Required || present ? new Member(f.Name, Escaped(value, escaping)) : null)).ToArray();
        return Gen.Select(Sequence(fields), Gen.Int[0, 2], (list, order) => Ordered([.. list.OfType<Member>()], order));
    }

    // The contract says what each field holds: a const, a value its not-enum excludes, a user id, a non-blank text, or any text.
    private Gen<JsonPiece> Value(FieldSchema field) => field switch
    {
        { Const: { } value } => Gen.Const<JsonPiece>(new TextPiece(value)),
        { Excluded.Count: > 0 } => Ids.UnknownType(field.Excluded).Select(t => (JsonPiece)new TextPiece(t)),
        { Name: "from" } => Gen.Const<JsonPiece>(new IdPiece(IdRef.Self)), // each actor speaks for itself
        { SchemaName: "userId" } => Target,
        { Pattern: not null } => Texts.NonBlank(Room).Select(t => (JsonPiece)new TextPiece(t)),
        _ => Ids.MsgId.Select(t => (JsonPiece)new TextPiece(t)),
    };

    // Mostly the partner, which the protocol delivers to; now and then anyone else, whom it must refuse.
    private static Gen<JsonPiece> Target { get; } = Gen.Frequency(
        (10, Gen.Const<JsonPiece>(new IdPiece(IdRef.Partner))),
        (1, Gen.OneOf<JsonPiece>(new IdPiece(IdRef.Self), new IdPiece(IdRef.System), new IdPiece(IdRef.OtherCustomer), new IdPiece(IdRef.OtherTeacher), new IdPiece(IdRef.SentinelTeacher))),
        (1, Ids.StrangerTeacher.Select(t => (JsonPiece)new TextPiece(t))),
        (1, Ids.Stranger.Select(t => (JsonPiece)new TextPiece(t))));

    private static Gen<Escaping> Escapings { get; } = Gen.Frequency((8, Gen.Const(Escaping.Minimal)), (1, Gen.Const(Escaping.NonAscii)), (1, Gen.Const(Escaping.Every)));

    private static JsonPiece Escaped(JsonPiece piece, Escaping escaping) => piece switch
    {
        TextPiece text => text with { Escaping = escaping },
        IdPiece id => id with { Escaping = escaping },
        _ => piece,
    };

    private static Gen<Member?[]> Sequence(Gen<Member?>[] fields) =>
        fields.Aggregate(Gen.Const(Array.Empty<Member?>()), (all, next) => Gen.Select(all, next, (list, member) => (Member?[])[.. list, member]));

    // The contract's order, reversed, or one member moved to the front: a server must not care.
    private static List<Member> Ordered(List<Member> members, int order) =>
        order switch
        {
            1 => [.. Enumerable.Reverse(members)],
            2 when members.Count > 1 => [members[^1], .. members.Take(members.Count - 1)],
            _ => members,
        };

    private string ByTypeConst(string type) => schemas.Messages.First(m => m.Field("type")?.Const == type).Name;

    private static string Short(RequestMessage message) => message.Field("type") switch
    {
        { Const: { } type } => type,
        _ => "unknown type",
    };

    private static string KindOf(RequestMessage message, List<Member> members) => message.Field("type") switch
    {
        { Const: { } type } => members.Any(m => m.Name == "to" && m.Value is not IdPiece { Ref: IdRef.Partner or IdRef.System }) ? $"{type} to someone else" : type,
        _ => "a request of an unknown type",
    };

    private static FrameTemplate Without(RequestMessage message, List<Member> members, string field) =>
        FrameTemplate.Object($"{Short(message)} without {field}", [.. members.Where(m => m.Name != field)]);

    private static FrameTemplate Replaced(RequestMessage message, List<Member> members, string field, JsonPiece value, string what) =>
        FrameTemplate.Object($"{Short(message)}: {what}", members.Any(m => m.Name == field)
            ? [.. members.Select(m => m.Name == field ? m with { Value = value } : m)]
            : [.. members, new Member(field, value)]);

    private static FrameTemplate Duplicated(RequestMessage message, List<Member> members, string field) =>
        members.FirstOrDefault(m => m.Name == field) is { } member
            ? FrameTemplate.Object($"{Short(message)} with {field} twice", [.. members, member])
            : FrameTemplate.Object($"{Short(message)} with {field} twice", [.. members, new Member(field, new TextPiece("1")), new Member(field, new TextPiece("2"))]);

    private static List<Member> Insert(List<Member> members, Member extra) => [.. members.Take(1), extra, .. members.Skip(1)];

    private static string Plain(JsonPiece piece) => piece is TextPiece text ? text.Value : "";
}
