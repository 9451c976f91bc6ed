namespace ImServerTests.TestCases.Regression;

/// <summary>
/// A connection nobody speaks on for a while stays open and keeps its teacher: Tomcat's WebSocket sessions have no
/// idle timeout by default and pinter sets none as far as is known (the protocol document); a gateway in front may set
/// one, typically 60 s or more, so 8 s of quiet is well inside what any deployment allows, and longer than a timeout of
/// a few seconds. The case waits, so it runs beside the others rather than after them: the regression takes about as
/// long as this case, and 8 s keeps what the case adds to the first command's wall time under 10 s.
/// </summary>
[AllureFeature("Quiet connections")]
public sealed class QuietConnectionTests : ImServerFixture
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(8);

    [Test]
    [AllureStory("Idle")]
    [Description("The protocol: a quiet connection stays open. After 8 s without a frame either way the customer's match names the same teacher and a message gets its receipt and the greeting.")]
    public async Task A_connection_kept_quiet_for_eight_seconds_still_works_with_the_same_teacher()
    {
        var (customer, im) = await ConnectCustomerAsync();
        var before = await im.MatchAsync();
        before.Should().BeMatchReply(customer, FieldMatcher.TeacherId, "the case needs the customer's teacher");
        var teacher = before.Msg!;

        await Task.Delay(Quiet); // nothing sent, nothing awaited: the connection is left alone
        var after = await im.MatchAsync();
        await im.SendNormalAsync(teacher, "你好");
        var receipt = await im.ReceiveReceiptAsync();
        var reply = await im.ReceiveTeacherReplyAsync();

        using (new AssertionScope())
        {
            after.Should().BeMatchReply(customer, FieldMatcher.Is(teacher), "after {0} s of quiet the connection is open and keeps its teacher for its life", Quiet.TotalSeconds);
            receipt.Should().BeReceipt(customer);
            reply.Should().BeTeacherPush(teacher, customer, FieldMatcher.Is(Protocol.Greeting));
        }
    }
}
