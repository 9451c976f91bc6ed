using ImServerTests.Api;
using ImServerTests.Api.Expectations;
using ImServerTests.Api.Timing;
using ImServerTests.TestKit.Assertions;
using ImServerTests.Client;
using ImServerTests.Server;
using ImServerTests.Server.Conversation;

namespace ImServerTests.Specs.Api;

/// <summary>
/// A frame's latency counts from the send that caused it, on whichever connection of the conversation, and a frame
/// later than its budget fails its assertion with the field checks, while it is still received: a budget is not a timeout.
/// </summary>
[AllureEpic("Api")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Latency budgets")]
public sealed class LatencySpecs
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(4);

    [Test]
    public async Task A_teacher_reply_over_its_budget_is_received_and_fails_as_late_with_the_field_checks()
    {
        await using var server = await ImServer.StartAsync(new ImServerOptions { ReplyDelay = new ThinkTime(400, 400) });
        var clock = new SendClock(new AnswerBudgets(Limits(Generous, Generous, Generous, TimeSpan.FromMilliseconds(100)), "spec"));
        await using var im = await ImServerApi.ConnectAsync(server.BaseUrl, "late-reply", new ConnectionOptions { ConnectTimeout = Wait }, Wait, null, clock);

        var teacher = (await im.MatchAsync()).Msg!;
        await im.SendNormalAsync(teacher, "你好");
        var receipt = await im.ReceiveReceiptAsync();
        var reply = await im.ReceiveTeacherReplyAsync();

        receipt.Timing!.IsLate.Should().BeFalse();
        reply.Timing!.Latency.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(390), "it counts from the customer's send, before the 400 ms of thinking");
        var check = () => reply.Should().BeTeacherPush(teacher, "late-reply", FieldMatcher.Is("not the greeting"));
        check.Should().Throw<Exception>()
            .Which.Message.Should().MatchRegex(@"teacher's reply arrived after [0-9,]+ ms; budget 100 ms \(environment spec\)")
            .And.Contain("msg is", "the lateness shows with the field differences, in one failure");
    }

    [Test]
    public async Task A_relayed_message_counts_from_its_senders_send_on_the_other_connection()
    {
        await using var server = await ImServer.StartAsync(new ImServerOptions { ReplyDelay = ThinkTime.None });
        var clock = new SendClock(new AnswerBudgets(Limits(Generous, Generous, TimeSpan.FromMilliseconds(1000), Generous), "spec"));
        var options = new ConnectionOptions { ConnectTimeout = Wait };
        await using var customer = await ImServerApi.ConnectAsync(server.BaseUrl, "relay-timed", options, Wait, null, clock);
        var teacher = (await customer.MatchAsync()).Msg!;
        await using var seat = await ImServerApi.ConnectAsync(server.BaseUrl, teacher, options, Wait, null, clock);

        await customer.SendNormalAsync(teacher, "first");
        await Task.Delay(2000); // the seat looks late: its frame still counts from the send, not from the look
        var relayed = await seat.ReceiveCustomerMessageAsync();

        relayed.Timing!.Budget!.Answer.Should().Be("relayed message");
        relayed.Timing.Latency.Should().BeLessThan(TimeSpan.FromMilliseconds(1000), "the frame arrived at once, long before the step looked at it 2 s after the send");
        relayed.Timing.Problem.Should().BeNull();
    }

    [TestCase("""{"code":"1","type":"match","from":"system","to":"t__mtx","msg":"no partner"}""", "refusal", 700)]
    [TestCase("""{"code":"1","type":"normal","from":"system","to":"c","msg":"blank"}""", "refusal", 700)]
    [TestCase("""{"code":"0","type":"match","from":"system","to":"c","msg":"t__mtx"}""", "match reply", 100)]
    [TestCase("""{"code":"0","type":"receipt","from":"system","to":"c","msg":"push success"}""", "receipt", 700)]
    [TestCase("""{"code":"0","type":"normal","from":"t__mtx","to":"c","msg":"hi"}""", "teacher's reply", 900)]
    public void Each_answer_gets_the_budget_of_its_kind_and_every_refusal_the_receipts(string frame, string answer, int limitMs)
    {
        var budgets = new AnswerBudgets(Limits(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(700), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(900)), "spec");

        budgets.For(ImFrame.Parse(frame), fromAPerson: false).Should().Be(new LatencyBudget(answer, TimeSpan.FromMilliseconds(limitMs), "environment spec"));
    }

    [Test]
    public void Lateness_reads_as_the_answer_its_latency_its_budget_and_where_the_budget_came_from()
    {
        var timing = new FrameTiming(TimeSpan.FromMilliseconds(3004), new LatencyBudget("receipt", TimeSpan.FromMilliseconds(1000), "environment pinter"));

        timing.Problem.Should().Be("receipt arrived after 3,004 ms; budget 1,000 ms (environment pinter)");
        (timing with { Latency = TimeSpan.FromMilliseconds(1000) }).Problem.Should().BeNull("a frame exactly on its budget keeps it");
        (timing with { Budget = null }).Problem.Should().BeNull("without a budget nothing is judged");
    }

    private static Budgets Limits(TimeSpan matchReply, TimeSpan receipt, TimeSpan relay, TimeSpan teacherReply) => Budgets.Default
        .With(Budgets.MatchReply, matchReply).With(Budgets.Receipt, receipt).With(Budgets.Relay, relay).With(Budgets.TeacherReply, teacherReply);
}
