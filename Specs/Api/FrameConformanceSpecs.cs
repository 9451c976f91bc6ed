using ImServerTests.Api;
using ImServerTests.TestKit.Assertions;
using ImServerTests.Conformance;

namespace ImServerTests.Specs.Api;

/// <summary>What an Api step hands on of the contract's verdict, and the lines an assertion makes of it.</summary>
[AllureEpic("Api")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Contract verdicts")]
public sealed class FrameConformanceSpecs
{
    private static readonly Contract Contract = ContractFile.Load(_ => null);

    private const string Receipt = """{"code":"0","from":"system","msg":"push success","msgId":"130f4370-6b2b-4634-b3f1-59a9728eb8f1","timestamp":"1665631227681","to":"admin","type":"receipt"}""";

    private static readonly string[] NormalReplies = ["receipt", "emptyMessageRefusal", "noTeacherRefusal", "wrongTeacherRefusal"];

    [Test]
    public void A_frame_that_fits_the_named_message_has_no_problem()
    {
        var verdict = FrameConformance.Check(Contract, Receipt, NormalReplies);

        verdict.ConformsTo.Should().Equal("receipt");
        verdict.Violations.Should().BeEmpty("the details are worked out only for a frame that fits none");
        verdict.Problems("receipt").Should().BeEmpty();
        verdict.Problems(null).Should().BeEmpty();
        verdict.ContractFile.Should().Be("imserver.asyncapi.yaml");
    }

    [Test]
    public void A_frame_that_is_another_expected_message_says_which()
    {
        FrameConformance.Check(Contract, Receipt, NormalReplies).Problems("emptyMessageRefusal")
            .Should().Equal("contract message 'emptyMessageRefusal': the frame is 'receipt', not 'emptyMessageRefusal'");
    }

    [Test]
    public void A_frame_that_fits_no_expected_message_names_each_rule_it_breaks_and_what_it_was_tried_against()
    {
        var broken = Receipt.Replace("130f4370-6b2b-4634-b3f1-59a9728eb8f1", "1", StringComparison.Ordinal);

        var verdict = FrameConformance.Check(Contract, broken, NormalReplies);

        verdict.ConformsTo.Should().BeEmpty();
        verdict.Problems("receipt").Should().Equal(
            "contract message 'receipt': msgId: Value does not match format \"uuid\" (format)",
            $"contract: the frame matches no message of imserver.asyncapi.yaml; tried {string.Join(", ", Contract.Received)}");
        verdict.Problems(null).Should().Equal(
            "contract: conforms to none of the messages its step expects (receipt, emptyMessageRefusal, noTeacherRefusal, wrongTeacherRefusal)",
            $"contract: the frame matches no message of imserver.asyncapi.yaml; tried {string.Join(", ", Contract.Received)}");
    }

    [Test]
    public void A_message_the_step_did_not_expect_is_named_as_such()
    {
        var verdict = FrameConformance.Check(Contract, "not json", NormalReplies);

        verdict.Problems("matchReply").Should().StartWith(
            ["contract message 'matchReply': not among the messages its step expects (receipt, emptyMessageRefusal, noTeacherRefusal, wrongTeacherRefusal)"]);
        verdict.Violations["receipt"].Should().ContainSingle().Which.Should().StartWith("the frame is not JSON");
    }

    [Test]
    public void A_frame_of_another_step_that_is_still_a_message_of_the_contract_is_not_called_a_stranger()
    {
        var verdict = FrameConformance.Check(Contract, Receipt, ["teacherPush"]);

        verdict.MatchingReceived.Should().Equal("receipt");
        verdict.Problems("teacherPush").Should().Equal(Contract.Violations(Receipt, "teacherPush").Select(v => $"contract message 'teacherPush': {v}"));
    }

    [Test]
    public void A_step_that_takes_any_message_says_once_that_the_frame_is_none()
    {
        var verdict = FrameConformance.Check(Contract, "{}", Contract.Received);

        verdict.Problems(null).Should().Equal($"contract: the frame matches no message of imserver.asyncapi.yaml; tried {string.Join(", ", Contract.Received)}");
    }

    [Test]
    public void A_step_that_takes_any_message_stops_at_the_first_that_fits()
    {
        const string push = """{"code":"0","from":"cf2137234f3943e3898df8fcd14f099a__mtx","msg":"hi","msgId":"130f4370-6b2b-4634-b3f1-59a9728eb8f1","timestamp":"1665631227681","to":"admin","type":"normal"}""";

        FrameConformance.Check(Contract, push, Contract.Received).ConformsTo.Should().HaveCountGreaterThan(1, "a stamped push is also a chat message");
        FrameConformance.CheckAnyMessage(Contract, push).ConformsTo.Should().ContainSingle();
        FrameConformance.CheckAnyMessage(Contract, push).Problems(null).Should().BeEmpty();
    }

    [Test]
    public void A_frame_that_is_several_other_messages_names_them_all()
    {
        const string push = """{"code":"0","from":"cf2137234f3943e3898df8fcd14f099a__mtx","msg":"hi","msgId":"130f4370-6b2b-4634-b3f1-59a9728eb8f1","timestamp":"1665631227681","to":"admin","type":"normal"}""";

        FrameConformance.Check(Contract, push, Contract.Received).Problems("receipt")
            .Should().Equal("contract message 'receipt': the frame is 'teacherPush' or 'relayedChat', not 'receipt'");
    }

    [Test]
    public void A_step_that_expects_no_message_in_particular_finds_no_problem_with_a_message_of_the_contract()
    {
        var verdict = FrameConformance.Check(Contract, Receipt, []);

        verdict.Problems(null).Should().BeEmpty();
        verdict.MatchingReceived.Should().Equal("receipt");
    }
}
