namespace ImServerTests.TestKit.Fuzzing.Frames;

/// <summary>How a JSON string is written: the characters JSON requires escaped only, every non-ASCII one as \uXXXX, every one, or control characters left raw (which strict parsers refuse).</summary>
public enum Escaping
{
    Minimal,
    NonAscii,
    Every,
    RawControls,
}

/// <summary>Who a user id in a generated frame names; resolved to the id when the frame is sent, since ids are fresh every run.</summary>
public enum IdRef
{
    /// <summary>The speaker itself: its own id, as in its URL.</summary>
    Self,

    /// <summary>The speaker's partner: a customer's teacher, or the customer of a teacher's seat.</summary>
    Partner,

    /// <summary>The server, as a match request's to names it.</summary>
    System,

    /// <summary>Another customer of the conversation.</summary>
    OtherCustomer,

    /// <summary>The other customer's teacher.</summary>
    OtherTeacher,

    /// <summary>The teacher of the sentinel conversation, which the fuzzed users must never disturb.</summary>
    SentinelTeacher,
}

/// <summary>One JSON value of a generated frame, as written on the wire.</summary>
public abstract record JsonPiece;

public sealed record TextPiece(string Value, Escaping Escaping = Escaping.Minimal) : JsonPiece;

/// <summary>A user id that is known only when the case runs.</summary>
public sealed record IdPiece(IdRef Ref, Escaping Escaping = Escaping.Minimal) : JsonPiece;

/// <summary>A number as written: "0", "-1", "3.25", "1e400".</summary>
public sealed record NumberPiece(string Literal) : JsonPiece;

public sealed record BoolPiece(bool Value) : JsonPiece;

public sealed record NullPiece : JsonPiece;

public sealed record ArrayPiece(IReadOnlyList<JsonPiece> Items) : JsonPiece;

public sealed record ObjectPiece(IReadOnlyList<Member> Members) : JsonPiece;

/// <summary>Arrays (or objects) nested <see cref="Depth"/> deep: [[[...]]] or {"a":{"a":...}}.</summary>
public sealed record NestedPiece(int Depth, bool Objects) : JsonPiece;

/// <summary>A name and its value, in the order written; a name may come twice.</summary>
public sealed record Member(string Name, JsonPiece Value);
