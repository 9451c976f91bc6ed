
namespace ImServerTests.TestCases.Regression;

/// <summary>
/// The teacher's seat: a connection opened with the teacher id from a match reply receives the customer's
/// messages as sent, the bot teacher stops answering, and what the person in the seat sends reaches the
/// customer as sent, with a receipt to the seat. Each case starts with the seat's own match, which names the
/// customer and proves the server has registered the seat before the customer speaks.
/// </summary>
[AllureFeature("The teacher's seat")]
public sealed class TeacherSeatTests : ImServerFixture
{
    [Test]
    [Description("On the teacher's own connection, match answers with the customer's id.")]
    [AllureStory("Match in the seat")]
    [AllureName("Match in the teacher's seat names the customer")]
    public async Task Match_in_the_teachers_seat_names_the_customer()
    {
        var (customer, teacher, _) = await CustomerWithTeacherAsync();
        var seat = await TakeTeacherSeatAsync(teacher);

        var reply = await seat.MatchAsync();

        reply.Should().BeMatchReply(teacher, FieldMatcher.Is(customer), "the teacher's partner is its customer");
    }

    [Test]
    [Description("The seat gets the customer's message exactly as sent (no code or timestamp added), and the bot teacher no longer answers.")]
    [AllureStory("Taking the seat")]
    [AllureName("The seat receives the customer's message as sent, and the bot stops answering")]
    [AllureSeverity(SeverityLevel.critical)]
    public async Task The_seat_receives_the_customers_message_as_sent_and_the_bot_stops_answering()
    {
        var (customer, teacher, im) = await CustomerWithTeacherAsync();
        var seat = await TakeSeatAsync(customer, teacher);
        var sent = ImRequest.NormalMessage(customer, teacher, "你好");

        await im.SendRequestAsync(sent);
        var receipt = await im.ReceiveReceiptAsync();
        var heard = await seat.ReceiveCustomerMessageAsync();
        var botReply = await im.TryReceiveWithinAsync(Settings.QuietWindow);

        using (new AssertionScope())
        {
            receipt.Should().BeReceipt(customer);
            heard.Should().BeRelayOf(sent, "the server passes the customer's message on as the customer wrote it");
            botReply.Should().BeNull("the bot teacher hears nothing once a person holds the seat, so it does not answer");
        }
    }

    [Test]
    [Description("A customer and a person in the teacher's seat talk both ways; each side sees exactly what the other sent, and its own receipts.")]
    [AllureStory("A conversation with a person")]
    [AllureName("A customer and a person in the teacher's seat hold a conversation")]
    [AllureSeverity(SeverityLevel.critical)]
    public async Task A_customer_and_a_person_in_the_teachers_seat_hold_a_conversation()
    {
        var (customer, teacher, im) = await CustomerWithTeacherAsync();
        var seat = await TakeSeatAsync(customer, teacher);
        ImRequest[] turns =
        [
            ImRequest.NormalMessage(customer, teacher, "老师你好,我想问一下课程安排"),
            new(Protocol.Normal, teacher, customer, "同学你好,课程每周一三五晚上八点", MsgId: null),
            ImRequest.NormalMessage(customer, teacher, "好的,谢谢老师") with { MsgId = "customer-2" },
            new(Protocol.Normal, teacher, customer, "不客气,再见", MsgId: "teacher-2"),
        ];

        using var scope = new AssertionScope();
        foreach (var turn in turns)
        {
            var (sender, receiver) = turn.From == customer ? (im, seat) : (seat, im);
            await sender.SendRequestAsync(turn);
            var receipt = await sender.ReceiveReceiptAsync();
            var heard = await receiver.ReceiveChatAsync($"'{turn.Msg}' from {turn.From}");

            receipt.Should().BeReceipt(sender.UserId, "{0} sent '{1}'", sender.UserId, turn.Msg ?? "");
            heard.Should().BeRelayOf(turn, "{0} sees what {1} sent, as sent", receiver.UserId, sender.UserId);
        }
    }

    [Test]
    [Description("The teacher's requests follow the error rules with the roles swapped: a message to anyone but its customer is refused.")]
    [AllureStory("Refusals in the seat")]
    public async Task A_message_from_the_seat_to_someone_other_than_its_customer_is_refused_with_type_receipt()
    {
        var (customer, teacher, im) = await CustomerWithTeacherAsync();
        var seat = await TakeSeatAsync(customer, teacher);

        await seat.SendNormalAsync(NewCustomerId(), "你好");
        var reply = await seat.ReceiveReplyAsync("the refusal of a message to another customer");
        var stray = await im.TryReceiveWithinAsync(Settings.QuietWindow);

        using (new AssertionScope())
        {
            reply.Should().BeRefusal(Refusal.WrongTeacher, teacher);
            stray.Should().BeNull("the customer is not part of a message addressed to someone else");
        }
    }

    private async Task<(string Customer, string Teacher, ImServerApi Im)> CustomerWithTeacherAsync()
    {
        var (customer, im) = await ConnectCustomerAsync();
        var match = await im.MatchAsync();
        match.Should().BeMatchReply(customer, FieldMatcher.TeacherId, "the case needs the customer's teacher");
        return (customer, match.Msg!, im);
    }

    // The seat's match is answered only once the server has registered the seat, so the customer may speak after it.
    private async Task<ImServerApi> TakeSeatAsync(string customer, string teacher)
    {
        var seat = await TakeTeacherSeatAsync(teacher);
        var match = await seat.MatchAsync();
        match.Should().BeMatchReply(teacher, FieldMatcher.Is(customer), "the seat's match names its customer");
        return seat;
    }
}
