namespace ImServerTests.Api;

/// <summary>
/// A row of the protocol's error table: the reply type the real server gives it (not always the request's
/// type) and the contract's message for it (none for a careful server's refusal the real server never sends).
/// </summary>
public sealed record Refusal(string Row, string Type, string? ContractMessage)
{
    public static Refusal BlankFrame { get; } = new("blank frame", Protocol.Normal, "blankFrameRefusal");

    public static Refusal UnreadableFrame { get; } = new("text that is not a JSON object", Protocol.Receipt, "unreadableFrameRefusal");

    public static Refusal MissingField { get; } = new("type, from or to missing or blank", Protocol.Normal, "missingFieldRefusal");

    public static Refusal EmptyMessage { get; } = new("normal with msg missing or blank", Protocol.Receipt, "emptyMessageRefusal");

    public static Refusal NoTeacher { get; } = new("normal whose from has no teacher", Protocol.Receipt, "noTeacherRefusal");

    public static Refusal WrongTeacher { get; } = new("normal whose to is not the paired teacher", Protocol.Receipt, "wrongTeacherRefusal");

    public static Refusal MatchWithoutTeacher { get; } = new("match for a user with no teacher", Protocol.Match, "matchWithoutTeacherRefusal");

    /// <summary>What a careful server answers to a match sent in another user's name.</summary>
    public static Refusal MatchInAnotherName { get; } = new("match in another user's name", Protocol.Match, null);

    /// <summary>What a careful server answers to a normal message sent in another user's name.</summary>
    public static Refusal NormalInAnotherName { get; } = new("normal in another user's name", Protocol.Receipt, null);

    public override string ToString() => $"{Row} (type {Type})";
}
