using ImServerTests.Api;

namespace ImServerTests.TestKit.Fuzzing.Model;

/// <summary>
/// A reply the server owes the sender: from system to the sender's connection, of a type and code, with a fixed msg
/// where the protocol fixes one, conforming to one of the contract's messages. A null type: any refusal (a careful server's).
/// </summary>
public sealed record ReplyShape(string? Type, string Code, string? Msg, string What, IReadOnlyList<string> ContractMessages)
{
    private static readonly Refusal[] RefusalRows =
        [Refusal.BlankFrame, Refusal.UnreadableFrame, Refusal.MissingField, Refusal.EmptyMessage, Refusal.NoTeacher, Refusal.WrongTeacher, Refusal.MatchWithoutTeacher];

    public static ReplyShape Receipt { get; } = new(Protocol.Receipt, Protocol.Success, Protocol.PushSuccess, "the receipt", ["receipt"]);

    public static ReplyShape AnyRefusal { get; } = new(null, Protocol.Failure, null, "a refusal",
        [.. RefusalRows.Select(r => r.ContractMessage).OfType<string>().Distinct(StringComparer.Ordinal)]);

    public static ReplyShape Refused(Refusal row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(row.Type, Protocol.Failure, row == Refusal.EmptyMessage ? Protocol.EmptyMessage : null, $"the refusal of {row.Row}", [row.ContractMessage!]);
    }

    /// <summary>The match reply naming <paramref name="partner"/>: a teacher (on a customer's connection) or the customer (in the teacher's seat).</summary>
    public static ReplyShape MatchReply(string partner, bool inTheSeat) =>
        new(Protocol.Match, Protocol.Success, partner, inTheSeat ? "the match reply naming the customer" : "the match reply naming the teacher",
            [inTheSeat ? "teacherSeatMatchReply" : "matchReply"]);

    public bool Fits(ImFrame frame, string to)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return (Type is null || frame.Type == Type) && frame.Code == Code && frame.From == Protocol.System && frame.To == to && (Msg is null || frame.Msg == Msg);
    }

    // Two shapes are the same reply whatever list instance names their contract messages.
    public bool Equals(ReplyShape? other) => other is not null && Type == other.Type && Code == other.Code && Msg == other.Msg && What == other.What;

    public override int GetHashCode() => HashCode.Combine(Type, Code, Msg, What);

    public override string ToString() =>
        $"{What} (type {Type ?? "any"}, code \"{Code}\"{(Msg is null ? "" : $", msg \"{Msg}\"")})";
}

/// <summary>A chat message the server passes on: to the newest connection of <see cref="To"/>, with the fields its sender gave (and no others of the protocol's).</summary>
public sealed record RelayShape(string To, IReadOnlyDictionary<string, FieldValue> Fields)
{
    public override string ToString() => $"a relay to {To} of {new RequestReading(Fields)}";
}

/// <summary>
/// What one reading of a frame gets, as the protocol says: a reply (or none), a relay (or none), and whether the bot
/// teacher owes the sender an answer.
/// </summary>
public sealed record Outcome(ReplyShape? Reply, RelayShape? Relay = null, bool TeacherAnswers = false)
{
    public static Outcome Silence { get; } = new((ReplyShape?)null);

    public override string ToString() =>
        Reply is null && Relay is null ? "no reply at all"
        : string.Join(" and ", new[] { Reply?.ToString(), Relay?.ToString(), TeacherAnswers ? "the teacher's answer" : null }.OfType<string>());
}

/// <summary>What a step may get: any one of <see cref="Outcomes"/>; with <see cref="AnythingGoes"/>, anything but a dead server.</summary>
public sealed record Expectation(IReadOnlyList<Outcome> Outcomes, bool AnythingGoes)
{
    /// <summary>True when the outcomes differ in their reply, so the reply cannot be told by counting.</summary>
    public bool ReplyIsOpen => AnythingGoes || Outcomes.Select(o => o.Reply).Distinct().Count() > 1;

    public override string ToString() => AnythingGoes ? "anything but a dead server" : string.Join(", or ", Outcomes);
}
