using ImServerTests.Api;

namespace ImServerTests.TestKit.Fuzzing.Model;

/// <summary>Who a connection is: a customer, a person in a teacher's seat, or a user with a teacher-like id and no partner.</summary>
public enum Role
{
    Customer,
    Seat,
    TeacherLike,
}

/// <summary>
/// What the server knows of the sender when a frame arrives: its user (the id in its URL), its role and partner, whether
/// a seat's pairing is still its customer's current one (a customer that connects again gets a new teacher), and
/// whether a person holds the seat of a customer's teacher.
/// </summary>
public sealed record Situation(string User, Role Role, string? Partner, bool PairingCurrent = true, bool SeatTaken = false);

/// <summary>
/// The protocol document's rules as a small model: for a reading of a frame and the sender's situation, the outcomes
/// the protocol allows, checked in the error table's order (blank frame; parse; blank type, from or to; then by type).
/// Where the document is silent the model allows each answer a faithful server may give, and no more.
/// </summary>
public static class ProtocolRules
{
    public static Expectation Expect(Situation situation, FrameReadings readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        return new Expectation([.. readings.Readings.SelectMany(r => Expect(situation, r)).Distinct()], readings.AnythingGoes);
    }

    public static IReadOnlyList<Outcome> Expect(Situation situation, Reading reading)
    {
        ArgumentNullException.ThrowIfNull(situation);
        return reading switch
        {
            BlankReading => [new(ReplyShape.Refused(Refusal.BlankFrame))],
            UnreadableReading => [new(ReplyShape.Refused(Refusal.UnreadableFrame))],
            RequestReading request when Blank(request["type"]) || Blank(request["from"]) || Blank(request["to"]) => [new(ReplyShape.Refused(Refusal.MissingField))],
            RequestReading request when request["type"] is { Exact: true, Value: Protocol.Match } => Match(situation, request),
            RequestReading request when request["type"] is { Exact: true, Value: Protocol.Normal } => Normal(situation, request),
            RequestReading => [Outcome.Silence], // an unknown type gets no reply at all
            _ => throw new ArgumentException($"a reading of kind {reading.GetType().Name} has no rule", nameof(reading)),
        };
    }

    // The real server answers for the connection's own user whatever non-blank from the request names; a careful one
    // refuses a from that is not the connection's (the Security cases' subject), and the document is silent on a to
    // other than system: either is fine.
    private static IReadOnlyList<Outcome> Match(Situation s, RequestReading request)
    {
        List<Outcome> answers = s switch
        {
            { Role: Role.Customer, Partner: { } teacher } => [new(ReplyShape.MatchReply(teacher, inTheSeat: false))],
            { Role: Role.Seat, Partner: { } customer, PairingCurrent: true } => [new(ReplyShape.MatchReply(customer, inTheSeat: true))],
            { Role: Role.Seat, Partner: { } customer } => [new(ReplyShape.MatchReply(customer, inTheSeat: true)), new(ReplyShape.Refused(Refusal.MatchWithoutTeacher))],
            _ => [new(ReplyShape.Refused(Refusal.MatchWithoutTeacher))],
        };
        if (request["from"] is not { Exact: true } from || from.Value != s.User || request["to"] is not { Exact: true, Value: Protocol.System })
        {
            answers.Add(new(ReplyShape.AnyRefusal));
        }

        return answers;
    }

    // Checked in this order: blank msg, from without a teacher, to not the paired teacher. A delivered message gets a
    // receipt and goes to the person in the teacher's seat, or to the bot teacher, who answers.
    private static IReadOnlyList<Outcome> Normal(Situation s, RequestReading request)
    {
        if (request["msg"] is not { } msg || (msg.Exact && Blank(msg)))
        {
            return [new(ReplyShape.Refused(Refusal.EmptyMessage))];
        }

        var fromSelf = request["from"] is { Exact: true } from && from.Value == s.User;
        var toPartner = request["to"] is { Exact: true } to && to.Value == s.Partner;
        var noTeacher = new Outcome(ReplyShape.Refused(Refusal.NoTeacher));
        var wrongTeacher = new Outcome(ReplyShape.Refused(Refusal.WrongTeacher));
        if (!fromSelf || s.Partner is null)
        {
            return [noTeacher]; // a from never seen has no teacher; a careful server refuses it with the same type
        }

        var relayToPartner = new RelayShape(s.Partner, request.Fields);
        return s switch
        {
            { Role: Role.Customer } when toPartner => [s.SeatTaken ? new(ReplyShape.Receipt, relayToPartner) : new(ReplyShape.Receipt, TeacherAnswers: true)],
            { Role: Role.Seat, PairingCurrent: true } when toPartner => [new(ReplyShape.Receipt, relayToPartner)],
            { Role: Role.Seat } when toPartner => [new(ReplyShape.Receipt, relayToPartner), noTeacher],
            { Role: Role.Seat, PairingCurrent: false } => [wrongTeacher, noTeacher],
            _ => [wrongTeacher],
        };
    }

    private static bool Blank(FieldValue? value) => value is null || (value.Exact && Generation.Blankness.Of(value.Value) == Generation.Blank.Yes);
}
