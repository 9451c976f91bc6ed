using FluentAssertions;
using FluentAssertions.Execution;
using FluentAssertions.Primitives;
using ImServerTests.Api;
using ImServerTests.Api.Expectations;

namespace ImServerTests.TestKit.Assertions;

public static class FrameAssertionExtensions
{
    /// <summary>Assertions on a whole frame, in FluentAssertions' idiom: <c>reply.Should().BeRefusal(...)</c>.</summary>
    public static FrameAssertions Should(this ImFrame? frame)
    {
        Verbatim.Use();
        return new FrameAssertions(frame);
    }
}

/// <summary>
/// Soft assertions on whole frames, like the seed's pytest.assume: every field is checked, and so is what the
/// contract says of the frame; a failure lists every difference with the frame as received. Inside an
/// <see cref="AssertionScope"/> the failures of several frames are collected and shown at once.
/// </summary>
public sealed class FrameAssertions(ImFrame? frame) : ReferenceTypeAssertions<ImFrame?, FrameAssertions>(frame)
{
    protected override string Identifier => "frame";

    /// <summary>
    /// Every field as <paramref name="expected"/> says and, when the frame was picked with a contract, every rule of
    /// the contract's <paramref name="message"/> (or of one of the messages its step expected); all in one failure.
    /// </summary>
    public AndConstraint<FrameAssertions> Match(FrameExpectation expected, string? message = null, string because = "", params object[] becauseArgs)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var problems = expected.Problems(Subject, message);
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(problems.Count == 0)
            .FailWith("Expected {context:frame} to be {0}{1}{reason}, but:{2}{3}",
                new Verbatim(expected.Describe()),
                new Verbatim(message is null ? "" : $" ({message})"),
                new Verbatim(string.Concat(problems.Select(p => Environment.NewLine + "  - " + p))),
                new Verbatim(Environment.NewLine + "  frame: " + (Subject?.Raw ?? "none")));
        return new AndConstraint<FrameAssertions>(this);
    }

    /// <summary>A frame of the server's own: from system, to <paramref name="to"/>; the contract checks msgId and timestamp.</summary>
    public AndConstraint<FrameAssertions> BeSystemFrame(string code, string type, string to, FieldMatcher msg, string? message, string because = "", params object[] becauseArgs) =>
        Match(FrameExpectation.ServerFrame(code, type, Protocol.System, to, msg), message, because, becauseArgs);

    /// <summary>A successful match: msg is the partner's id (the teacher's, or in a teacher's seat the customer's).</summary>
    public AndConstraint<FrameAssertions> BeMatchReply(string to, FieldMatcher partner, string because = "", params object[] becauseArgs) =>
        BeSystemFrame(Protocol.Success, Protocol.Match, to, partner, Protocol.IsTeacher(to) ? "teacherSeatMatchReply" : "matchReply", because, becauseArgs);

    /// <summary>The receipt of a delivered message: code "0", type receipt, msg "push success".</summary>
    public AndConstraint<FrameAssertions> BeReceipt(string to, string because = "", params object[] becauseArgs) =>
        BeSystemFrame(Protocol.Success, Protocol.Receipt, to, FieldMatcher.Is(Protocol.PushSuccess), "receipt", because, becauseArgs);

    /// <summary>
    /// An error reply: code "1" from system, with exactly the type the error table gives the row. Its text is not
    /// fixed by the protocol unless <paramref name="msg"/> says so.
    /// </summary>
    public AndConstraint<FrameAssertions> BeRefusal(Refusal refusal, string to, FieldMatcher? msg = null, string because = "", params object[] becauseArgs)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return BeSystemFrame(Protocol.Failure, refusal.Type, to, msg ?? FieldMatcher.Any, refusal.ContractMessage, because, becauseArgs);
    }

    /// <summary>The bot teacher's answer: code "0", type normal, from the teacher, stamped like the server's own frames.</summary>
    public AndConstraint<FrameAssertions> BeTeacherPush(string teacher, string customer, FieldMatcher msg, string because = "", params object[] becauseArgs) =>
        Match(FrameExpectation.ServerFrame(Protocol.Success, Protocol.Normal, teacher, customer, msg), "teacherPush", because, becauseArgs);

    /// <summary>
    /// A chat message passed on by the server as its sender wrote it: exactly <paramref name="sent"/>'s fields,
    /// no code, msgId or timestamp that the sender did not give.
    /// </summary>
    public AndConstraint<FrameAssertions> BeRelayOf(ImRequest sent, string because = "", params object[] becauseArgs)
    {
        ArgumentNullException.ThrowIfNull(sent);
        var fields = new Dictionary<string, FieldMatcher>();
        foreach (var (name, value) in new[] { ("type", sent.Type), ("from", sent.From), ("to", sent.To), ("msg", sent.Msg), ("msgId", sent.MsgId) })
        {
            if (value is not null)
            {
                fields[name] = FieldMatcher.Is(value);
            }
        }

        return Match(new FrameExpectation(fields, Exact: true), "relayedChat", because, becauseArgs);
    }
}
