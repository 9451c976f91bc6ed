using ImServerTests.Api;
using ImServerTests.Api.Expectations;
using ImServerTests.TestKit.Assertions;
using ImServerTests.Conformance;

namespace ImServerTests.Specs.TestKit;

/// <summary>The frame assertions as a reader sees them: a pass, a failure and its exact message, and several at once.</summary>
[AllureEpic("Test kit")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Frame assertions")]
public sealed class FrameAssertionsSpecs
{
    private const string Teacher = "cf2137234f3943e3898df8fcd14f099a__mtx";
    private const string Receipt = """{"code":"0","from":"system","msg":"push success","msgId":"130f4370-6b2b-4634-b3f1-59a9728eb8f1","timestamp":"1665631227681","to":"admin","type":"receipt"}""";

    private static readonly Contract Contract = ContractFile.Load(_ => null);

    [Test]
    public void BeReceipt_passes_for_a_receipt_to_the_user()
    {
        ImFrame.Parse(Receipt).Should().BeReceipt("admin");
    }

    [Test]
    public void BeReceipt_fails_listing_every_difference_and_the_frame()
    {
        const string raw = """{"code":"1","from":"system","msg":"push ok","to":"admin","type":"receipt"}""";

        var act = () => ImFrame.Parse(raw).Should().BeReceipt("admin", "the message was {0}", "delivered");

        act.Should().Throw<AssertionException>().Which.Message.Should().Be(
            "Expected frame to be code: \"0\", type: \"receipt\", from: \"system\", to: \"admin\", msg: \"push success\" (receipt) because the message was delivered, but:\n"
            + "  - code is \"1\", expected \"0\"\n"
            + "  - msg is \"push ok\", expected \"push success\"\n"
            + $"  frame: {raw}");
    }

    [Test]
    public void A_frame_picked_with_a_contract_fails_with_the_rules_it_breaks()
    {
        var raw = Receipt.Replace("130f4370-6b2b-4634-b3f1-59a9728eb8f1", "1", StringComparison.Ordinal);
        var frame = ImFrame.Parse(raw) with { Conformance = FrameConformance.Check(Contract, raw, ["receipt"]) };

        var act = () => frame.Should().BeReceipt("admin");

        act.Should().Throw<AssertionException>().Which.Message.Should().Be(
            "Expected frame to be code: \"0\", type: \"receipt\", from: \"system\", to: \"admin\", msg: \"push success\" (receipt), but:\n"
            + "  - contract message 'receipt': msgId: Value does not match format \"uuid\" (format)\n"
            + $"  - contract: the frame matches no message of imserver.asyncapi.yaml; tried {string.Join(", ", Contract.Received)}\n"
            + $"  frame: {raw}");
    }

    [Test]
    public void No_frame_fails_as_no_frame()
    {
        var act = () => ((ImFrame?)null).Should().BeReceipt("admin");

        act.Should().Throw<AssertionException>().Which.Message.Should().Be(
            "Expected frame to be code: \"0\", type: \"receipt\", from: \"system\", to: \"admin\", msg: \"push success\" (receipt), but:\n"
            + "  - no frame arrived\n"
            + "  frame: none");
    }

    [Test]
    public void BeRefusal_takes_the_rows_type_and_any_text_unless_told()
    {
        const string raw = """{"code":"1","from":"system","msg":"消息内容为空","to":"admin","type":"receipt"}""";

        ImFrame.Parse(raw).Should().BeRefusal(Refusal.EmptyMessage, "admin");
        ImFrame.Parse(raw).Should().BeRefusal(Refusal.EmptyMessage, "admin", FieldMatcher.Is(Protocol.EmptyMessage));
        var act = () => ImFrame.Parse(raw).Should().BeRefusal(Refusal.BlankFrame, "admin");

        act.Should().Throw<AssertionException>().Which.Message.Should().Be(
            "Expected frame to be code: \"1\", type: \"normal\", from: \"system\", to: \"admin\", msg: any text (blankFrameRefusal), but:\n"
            + "  - type is \"receipt\", expected \"normal\"\n"
            + $"  frame: {raw}");
    }

    [Test]
    public void BeMatchReply_names_the_teachers_or_the_seats_message()
    {
        var reply = $$"""{"code":"0","from":"system","msg":"{{Teacher}}","to":"admin","type":"match"}""";

        ImFrame.Parse(reply).Should().BeMatchReply("admin", FieldMatcher.TeacherId);
        var act = () => ImFrame.Parse(reply).Should().BeMatchReply(Teacher, FieldMatcher.Is("admin"));

        act.Should().Throw<AssertionException>().Which.Message.Should().StartWith(
            $"Expected frame to be code: \"0\", type: \"match\", from: \"system\", to: \"{Teacher}\", msg: \"admin\" (teacherSeatMatchReply), but:\n"
            + $"  - to is \"admin\", expected \"{Teacher}\"\n"
            + $"  - msg is \"{Teacher}\", expected \"admin\"");
    }

    [Test]
    public void BeTeacherPush_is_the_teachers_stamped_answer()
    {
        var push = $$"""{"code":"0","from":"{{Teacher}}","msg":"hi","to":"admin","type":"normal"}""";

        ImFrame.Parse(push).Should().BeTeacherPush(Teacher, "admin", FieldMatcher.Any);
        var act = () => ImFrame.Parse(push).Should().BeTeacherPush(Teacher, "someone", FieldMatcher.Is("hello"));

        act.Should().Throw<AssertionException>().Which.Message.Should().Be(
            $"Expected frame to be code: \"0\", type: \"normal\", from: \"{Teacher}\", to: \"someone\", msg: \"hello\" (teacherPush), but:\n"
            + "  - to is \"admin\", expected \"someone\"\n"
            + "  - msg is \"hi\", expected \"hello\"\n"
            + $"  frame: {push}");
    }

    [Test]
    public void BeRelayOf_is_exactly_what_the_sender_gave()
    {
        var sent = ImRequest.NormalMessage("admin", Teacher, "你好");
        var relayed = $$"""{"type":"normal","from":"admin","to":"{{Teacher}}","msg":"你好","msgId":"111"}""";
        var stamped = $$"""{"type":"normal","from":"admin","to":"{{Teacher}}","msg":"你好","msgId":"111","code":"0"}""";

        ImFrame.Parse(relayed).Should().BeRelayOf(sent);
        var act = () => ImFrame.Parse(stamped).Should().BeRelayOf(sent);

        act.Should().Throw<AssertionException>().Which.Message.Should().Be(
            $"Expected frame to be type: \"normal\", from: \"admin\", to: \"{Teacher}\", msg: \"你好\", msgId: \"111\", and no other field (relayedChat), but:\n"
            + "  - code is \"0\", expected no such field (its sender did not give one)\n"
            + $"  frame: {stamped}");
    }

    [Test]
    public void Failures_of_several_frames_in_one_scope_show_together()
    {
        var act = () =>
        {
            using (new AssertionScope())
            {
                ImFrame.Parse("""{"code":"1"}""").Should().Match(new FrameExpectation(new Dictionary<string, FieldMatcher> { ["code"] = FieldMatcher.Is("0") }));
                ImFrame.Parse("""{"type":"x"}""").Should().Match(new FrameExpectation(new Dictionary<string, FieldMatcher> { ["type"] = FieldMatcher.Is("match") }));
            }
        };

        act.Should().Throw<AssertionException>().Which.Message.Should().Be(
            "Expected frame to be code: \"0\", but:\n  - code is \"1\", expected \"0\"\n  frame: {\"code\":\"1\"}\n"
            + "Expected frame to be type: \"match\", but:\n  - type is \"x\", expected \"match\"\n  frame: {\"type\":\"x\"}\n");
    }

    [Test]
    public void A_frame_in_any_other_assertion_reads_as_its_json()
    {
        var frame = ImFrame.Parse("""{"type":"x"}""");

        var act = () => frame.Should().BeNull("nothing should arrive");

        act.Should().Throw<AssertionException>().Which.Message.Should().Be("Expected frame to be <null> because nothing should arrive, but found {\"type\":\"x\"}.");
    }

    [Test]
    public void BeRefusal_with_a_text_checks_the_text()
    {
        const string raw = """{"code":"1","from":"system","msg":"empty","to":"admin","type":"receipt"}""";

        var act = () => ImFrame.Parse(raw).Should().BeRefusal(Refusal.EmptyMessage, "admin", FieldMatcher.Is(Protocol.EmptyMessage));

        act.Should().Throw<AssertionException>().Which.Message.Should().Contain("  - msg is \"empty\", expected \"消息内容为空\"");
    }

    [Test]
    public void An_expectation_and_a_sent_request_are_required()
    {
        var frame = ImFrame.Parse("{}");

        frame.Invoking(f => f.Should().Match(null!)).Should().Throw<ArgumentNullException>().WithParameterName("expected");
        frame.Invoking(f => f.Should().BeRefusal(null!, "admin")).Should().Throw<ArgumentNullException>().WithParameterName("refusal");
        frame.Invoking(f => f.Should().BeRelayOf(null!)).Should().Throw<ArgumentNullException>().WithParameterName("sent");
    }
}
