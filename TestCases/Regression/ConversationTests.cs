using FluentAssertions;
using ImServerTests.Api;
using ImServerTests.TestCases.Reporting;
using ImServerTests.TestCases.Support;
using NUnit.Framework;

namespace ImServerTests.TestCases.Regression;

/// <summary>Conversations beyond the seed's three cases: several customers, several messages, reconnecting.</summary>
[TestFixture]
[Category(Categories.ImServer)]
[Feature("conversation")]
public sealed class ConversationTests : ImServerFixture
{
    [Test]
    public async Task Each_customer_gets_a_teacher_of_its_own()
    {
        var first = NewCustomerId();
        var second = NewCustomerId();
        var firstIm = await ConnectAsync(first).ConfigureAwait(false);
        var secondIm = await ConnectAsync(second).ConfigureAwait(false);

        var firstMatch = await firstIm.MatchAsync().ConfigureAwait(false);
        var secondMatch = await secondIm.MatchAsync().ConfigureAwait(false);

        using (FrameAssert.Scope(secondMatch, "second customer's match reply"))
        {
            FrameAssert.IsSystemFrame(firstMatch, code: "0", type: ImRequest.Match, to: first);
            FrameAssert.IsSystemFrame(secondMatch, code: "0", type: ImRequest.Match, to: second);
            secondMatch.Msg.Should().MatchRegex(FrameAssert.TeacherIdPattern)
                .And.NotBe(firstMatch.Msg, "each customer is assigned its own teacher");
        }
    }

    [Test]
    [Description("Every message of a conversation gets its receipt and a reply from the same teacher; reply texts other than the greeting are not fixed.")]
    public async Task Every_message_of_a_conversation_is_answered_by_the_same_teacher()
    {
        var customer = NewCustomerId();
        var im = await ConnectAsync(customer).ConfigureAwait(false);
        var teacher = (await im.MatchAsync().ConfigureAwait(false)).Msg;
        teacher.Should().MatchRegex(FrameAssert.TeacherIdPattern, "the match must succeed before a conversation");

        foreach (var text in new[] { "请问课程什么时候开始?", "hello", "再见" })
        {
            await im.SendNormalAsync(teacher!, text).ConfigureAwait(false);
            var receipt = await im.ReceiveReceiptAsync().ConfigureAwait(false);
            var reply = await im.ReceiveTeacherReplyAsync().ConfigureAwait(false);

            using (FrameAssert.Scope(reply, $"reply to '{text}'"))
            {
                FrameAssert.IsSystemFrame(receipt, code: "0", type: ImRequest.Receipt, to: customer);
                receipt.Msg.Should().Be("push success");
                reply.Code.Should().Be("0");
                reply.Type.Should().Be(ImRequest.Normal);
                reply.From.Should().Be(teacher, "the customer's own teacher answers");
                reply.To.Should().Be(customer);
                reply.Msg.Should().NotBeNullOrWhiteSpace("the teacher answers with some text");
                FrameAssert.HasWellFormedEnvelope(reply);
            }
        }
    }

    [Test]
    [Description("Connecting again with the same id: the newer connection gets a new teacher and receives the pushes.")]
    public async Task Reconnecting_with_the_same_id_gets_a_new_teacher()
    {
        var customer = NewCustomerId();
        var older = await ConnectAsync(customer).ConfigureAwait(false);
        var olderTeacher = (await older.MatchAsync().ConfigureAwait(false)).Msg;

        var newer = await ConnectAsync(customer).ConfigureAwait(false);
        var match = await newer.MatchAsync().ConfigureAwait(false);
        var newTeacher = match.Msg;
        await newer.SendNormalAsync(newTeacher ?? "", "你好").ConfigureAwait(false);
        var receipt = await newer.ReceiveReceiptAsync().ConfigureAwait(false);
        var reply = await newer.ReceiveTeacherReplyAsync().ConfigureAwait(false);

        using (FrameAssert.Scope(reply, "teacher's reply on the newer connection"))
        {
            FrameAssert.IsSystemFrame(match, code: "0", type: ImRequest.Match, to: customer);
            newTeacher.Should().MatchRegex(FrameAssert.TeacherIdPattern).And.NotBe(olderTeacher, "a new connection gets a new teacher");
            FrameAssert.IsSystemFrame(receipt, code: "0", type: ImRequest.Receipt, to: customer);
            reply.From.Should().Be(newTeacher);
            reply.To.Should().Be(customer);
            reply.Msg.Should().Be("同学,你好,非常高兴为你服务,有什么需要我帮忙的呢?");
        }
    }
}
