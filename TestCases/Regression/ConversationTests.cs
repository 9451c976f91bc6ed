
namespace ImServerTests.TestCases.Regression;

/// <summary>Conversations beyond the seed's three cases: several customers, several messages, reconnecting. (The seed's request style, a match whose from names another id, is the scenario seed-match-style.yml.)</summary>
[AllureFeature("Conversations")]
public sealed class ConversationTests : ImServerFixture
{
    [Test]
    [AllureStory("Several customers")]
    public async Task Each_customer_gets_a_teacher_of_its_own()
    {
        var (first, firstIm) = await ConnectCustomerAsync();
        var (second, secondIm) = await ConnectCustomerAsync();

        var firstMatch = await firstIm.MatchAsync();
        var secondMatch = await secondIm.MatchAsync();

        using (new AssertionScope())
        {
            firstMatch.Should().BeMatchReply(first, FieldMatcher.TeacherId);
            secondMatch.Should().BeMatchReply(second, FieldMatcher.TeacherId);
            secondMatch.Msg.Should().NotBe(firstMatch.Msg, "each customer is assigned its own teacher");
        }
    }

    [Test]
    [Description("Every message of a conversation gets its receipt and a reply from the same teacher; reply texts other than the greeting are not fixed.")]
    [AllureStory("A conversation")]
    public async Task Every_message_of_a_conversation_is_answered_by_the_same_teacher()
    {
        var (customer, im) = await ConnectCustomerAsync();
        var match = await im.MatchAsync();
        match.Should().BeMatchReply(customer, FieldMatcher.TeacherId, "the match must succeed before a conversation");
        var teacher = match.Msg!;

        using var scope = new AssertionScope();
        foreach (var text in new[] { "请问课程什么时候开始?", "hello", "再见" })
        {
            await im.SendNormalAsync(teacher, text);
            var receipt = await im.ReceiveReceiptAsync();
            var reply = await im.ReceiveTeacherReplyAsync();

            receipt.Should().BeReceipt(customer, "'{0}' was delivered", text);
            reply.Should().BeTeacherPush(teacher, customer, text == "hello" ? FieldMatcher.Is(Protocol.Greeting) : FieldMatcher.Any,
                "the customer's own teacher answers '{0}'", text);
        }
    }

    [Test]
    [Description("Connecting again with the same id: the newer connection gets a new teacher and receives the pushes.")]
    [AllureStory("Reconnecting")]
    public async Task Reconnecting_with_the_same_id_gets_a_new_teacher()
    {
        var customer = NewCustomerId();
        var older = await ConnectAsync(customer);
        var olderTeacher = (await older.MatchAsync()).Msg;

        var newer = await ConnectAsync(customer);
        var match = await newer.MatchAsync();
        var newTeacher = match.Msg ?? "";
        await newer.SendNormalAsync(newTeacher, "你好");
        var receipt = await newer.ReceiveReceiptAsync();
        var reply = await newer.ReceiveTeacherReplyAsync();

        using (new AssertionScope())
        {
            match.Should().BeMatchReply(customer, FieldMatcher.TeacherId);
            newTeacher.Should().NotBe(olderTeacher, "a new connection gets a new teacher");
            receipt.Should().BeReceipt(customer);
            reply.Should().BeTeacherPush(newTeacher, customer, FieldMatcher.Is(Protocol.Greeting));
        }
    }
}
