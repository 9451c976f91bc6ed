using ImServerTests.TestKit.Fuzzing.Frames;
using ImServerTests.TestKit.Fuzzing.Model;

namespace ImServerTests.Specs.Fuzzing;

/// <summary>
/// The model of the protocol's rules: how a server may read a frame, and what each reading gets, in the error table's
/// order; where the document is silent, every answer a faithful server may give, and no more.
/// </summary>
[AllureEpic("Protocol fuzzing")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("The model of the protocol")]
public sealed class ProtocolRulesSpecs
{
    private const string Me = "csharp-qa-0123456789ab";
    private const string Teacher = "0123456789abcdef0123456789abcdef__mtx";

    private static readonly Situation Customer = new(Me, Role.Customer, Teacher);

    [Test]
    public void A_frame_that_keeps_the_schema_gets_the_one_answer_the_protocol_gives()
    {
        Expect(Customer, Frame(("type", "match"), ("from", Me), ("to", "system"))).Should().Be(
            "the match reply naming the teacher (type match, code \"0\", msg \"0123456789abcdef0123456789abcdef__mtx\")");
        Expect(Customer, Frame(("type", "normal"), ("from", Me), ("to", Teacher), ("msg", "你好"))).Should().Be(
            "the receipt (type receipt, code \"0\", msg \"push success\") and the teacher's answer");
        Expect(Customer with { SeatTaken = true }, Frame(("type", "normal"), ("from", Me), ("to", Teacher), ("msg", "hi"))).Should().Be(
            "the receipt (type receipt, code \"0\", msg \"push success\") and a relay to 0123456789abcdef0123456789abcdef__mtx of {type: \"normal\", from: \"csharp-qa-0123456789ab\", to: \"0123456789abcdef0123456789abcdef__mtx\", msg: \"hi\"}");
        Expect(Customer, Frame(("type", "ping"), ("from", Me), ("to", "system"))).Should().Be("no reply at all");
    }

    [Test]
    public void The_checks_run_in_the_error_tables_order()
    {
        Expect(Customer, FrameTemplate.Raw("blank", " \t")).Should().Be("the refusal of blank frame (type normal, code \"1\")");
        Expect(Customer, FrameTemplate.Raw("not JSON", "[]")).Should().Be("the refusal of text that is not a JSON object (type receipt, code \"1\")");
        Expect(Customer, Frame(("type", "match"), ("from", " "), ("to", "system"))).Should().Be(
            "the refusal of type, from or to missing or blank (type normal, code \"1\")");
        Expect(Customer, Frame(("type", "normal"), ("from", Me), ("to", "someone"), ("msg", " "))).Should().Be(
            "the refusal of normal with msg missing or blank (type receipt, code \"1\", msg \"消息内容为空\")");
        Expect(Customer, Frame(("type", "normal"), ("from", Me), ("to", "someone"), ("msg", "x"))).Should().Be(
            "the refusal of normal whose to is not the paired teacher (type receipt, code \"1\")");
        Expect(new Situation(Me + "__mtx", Role.TeacherLike, null), Frame(("type", "match"), ("from", Me + "__mtx"), ("to", "system"))).Should().Be(
            "the refusal of match for a user with no teacher (type match, code \"1\")");
    }

    [Test]
    public void Where_the_protocol_is_silent_each_answer_a_faithful_server_may_give_is_allowed()
    {
        var ofAnotherKind = FrameTemplate.Object("kind", [new Member("type", new TextPiece("match")), new Member("from", new TextPiece(Me)),
            new Member("to", new TextPiece("system")), new Member("msgId", new NumberPiece("7"))]);
        var unknownField = FrameTemplate.Object("extra", [new Member("type", new TextPiece("ping")), new Member("from", new TextPiece(Me)),
            new Member("to", new TextPiece("system")), new Member("extra", new BoolPiece(true))]);
        var unicodeSpace = Frame(("type", "match"), ("from", "\u3000"), ("to", "system"));

        Expect(Customer, ofAnotherKind).Should().Be(
            "the match reply naming the teacher (type match, code \"0\", msg \"0123456789abcdef0123456789abcdef__mtx\"), "
            + "or the refusal of text that is not a JSON object (type receipt, code \"1\")");
        Expect(Customer, unknownField).Should().Be("no reply at all, or the refusal of text that is not a JSON object (type receipt, code \"1\")");
        Expect(Customer, unicodeSpace).Should().Be(
            "the match reply naming the teacher (type match, code \"0\", msg \"0123456789abcdef0123456789abcdef__mtx\"), or a refusal (type any, code \"1\"), "
            + "or the refusal of type, from or to missing or blank (type normal, code \"1\")");
    }

    [Test]
    public void A_lone_surrogate_allows_anything_but_a_dead_server()
    {
        var readings = FrameReadings.Of(Frame(("type", "normal"), ("from", Me), ("to", Teacher), ("msg", "a\ud800b")).Resolve(_ => "", 8192));

        readings.AnythingGoes.Should().BeTrue();
        ProtocolRules.Expect(Customer, readings).ToString().Should().Be("anything but a dead server");
    }

    [Test]
    public void A_seat_whose_customer_connected_again_may_still_be_answered_or_refused()
    {
        var stale = new Situation(Teacher, Role.Seat, Me, PairingCurrent: false);

        Expect(stale, Frame(("type", "match"), ("from", Teacher), ("to", "system"))).Should().Be(
            "the match reply naming the customer (type match, code \"0\", msg \"csharp-qa-0123456789ab\"), "
            + "or the refusal of match for a user with no teacher (type match, code \"1\")");
    }

    private static FrameTemplate Frame(params (string Name, string Value)[] members) =>
        FrameTemplate.Object("frame", [.. members.Select(m => new Member(m.Name, new TextPiece(m.Value)))]);

    private static string Expect(Situation situation, FrameTemplate template) =>
        ProtocolRules.Expect(situation, FrameReadings.Of(template.Resolve(_ => "", 8192))).ToString();
}
