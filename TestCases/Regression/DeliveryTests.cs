using System.Text;

namespace ImServerTests.TestCases.Regression;

/// <summary>
/// What an IM's users notice first: every message arrives intact, once, and in order, between a customer and a person
/// in the teacher's seat, both ways. Intact: the decoded text is exactly what was sent, whatever its length or
/// characters (the serialised form may differ). Once: the fixture fails any case in which a frame arrives a second
/// time. In order: five messages sent back to back arrive in the order they were sent. Every awaited frame is also
/// held to its latency budget (websocket.yml's budgets).
/// </summary>
[AllureFeature("Delivery")]
public sealed class DeliveryTests : ImServerFixture
{
    public enum Direction
    {
        CustomerToSeat,
        SeatToCustomer,
    }

    /// <summary>Texts a careless server changes on the way, each under Tomcat's default 8 KiB text buffer in UTF-8.</summary>
    private static readonly (string Kind, string Text, bool RawUtf8)[] Texts =
    [
        ("a long text of 2,000 characters, CJK and ASCII", LongText(2000), false),
        ("characters outside the BMP: emoji, a flag, a family, a math letter", "emoji 😀🎉, a flag 🇨🇳, a family 👨‍👩‍👧 and 𝒜 (U+1D49C)", false),
        ("characters outside the BMP, sent as raw UTF-8 rather than escaped", "raw 😀 and 🇯🇵 in UTF-8", true),
        ("combining marks", "e\u0301 n\u0303 a\u030A, Z\u0335\u0321, and Hangul jamo \u1100\u1161", false),
        ("JSON escapes and markup", "quote \" backslash \\ newline\nand tab\t, </script><script>alert(1)</script> & <b>", false),
        ("leading and trailing spaces", "   spaced out   ", false),
        ("a text that is itself JSON", """{"type":"match","from":"system","to":"someone","msg":"inner"}""", false),
    ];

    private static IEnumerable<TestCaseData> Contents() =>
        from text in Texts
        from direction in new[] { Direction.CustomerToSeat, Direction.SeatToCustomer }
        select new TestCaseData(text.Kind, text.Text, text.RawUtf8, direction).SetArgDisplayNames(text.Kind, direction.ToString());

    [TestCaseSource(nameof(Contents))]
    [AllureStory("Intact")]
    [AllureSeverity(SeverityLevel.critical)]
    [Description("A text relayed between the customer and the teacher's seat arrives exactly as sent: a difference names the first code point that differs.")]
    public async Task A_relayed_text_arrives_exactly_as_sent(string kind, string text, bool rawUtf8, Direction direction)
    {
        var (customer, im, teacher, seat) = await ConversationAsync();
        var (sender, receiver) = direction == Direction.CustomerToSeat ? (im, seat) : (seat, im);
        var sent = ImRequest.NormalMessage(sender.UserId, receiver.UserId, text) with { MsgId = null };
        Encoding.UTF8.GetByteCount(sent.ToJson()).Should().BeLessThan(8 * 1024, "the real server's Tomcat reads a frame into 8 KiB; the case tests content, not size ({0})", kind);

        if (rawUtf8)
        {
            // Written by hand so characters outside the BMP go out as their four UTF-8 bytes, as a browser sends them.
            await sender.SendAsync($$"""{"type":"normal","from":"{{sent.From}}","to":"{{sent.To}}","msg":"{{text}}"}""");
        }
        else
        {
            await sender.SendRequestAsync(sent);
        }

        var receipt = await sender.ReceiveReceiptAsync();
        var heard = await receiver.ReceiveChatAsync($"the {kind} from {sender.UserId}");

        using (new AssertionScope())
        {
            receipt.Should().BeReceipt(sender.UserId);
            heard.Should().BeRelayOf(sent, "the server passes {0} on unchanged ({1} -> {2})", kind, sender == im ? customer : teacher, receiver.UserId);
        }
    }

    [TestCase(Direction.CustomerToSeat)]
    [TestCase(Direction.SeatToCustomer)]
    [AllureStory("In order")]
    [AllureSeverity(SeverityLevel.critical)]
    [Description("Five messages sent back to back arrive in the order they were sent, each once, and each sender gets five receipts.")]
    public async Task Five_messages_sent_back_to_back_arrive_in_the_order_they_were_sent(Direction direction)
    {
        var (_, im, _, seat) = await ConversationAsync();
        var (sender, receiver) = direction == Direction.CustomerToSeat ? (im, seat) : (seat, im);
        var sent = Enumerable.Range(1, 5)
            .Select(n => ImRequest.NormalMessage(sender.UserId, receiver.UserId, $"message {n} of 5 from {sender.UserId}") with { MsgId = $"order-{n}" })
            .ToList();

        foreach (var message in sent)
        {
            await sender.SendRequestAsync(message);
        }

        var heard = new List<ImFrame>();
        for (var n = 1; n <= sent.Count; n++)
        {
            heard.Add(await receiver.ReceiveChatAsync($"message {n} of 5 from {sender.UserId}"));
        }

        var receipts = new List<ImFrame>();
        for (var n = 1; n <= sent.Count; n++)
        {
            receipts.Add(await sender.ReceiveReceiptAsync());
        }

        using (new AssertionScope())
        {
            heard.Select(f => f.Msg).Should().Equal(sent.Select(m => m.Msg), "messages sent back to back arrive in the order they were sent");
            for (var n = 0; n < sent.Count; n++)
            {
                heard[n].Should().BeRelayOf(sent[n], "the {0}. message to arrive is the {0}. sent", n + 1);
                receipts[n].Should().BeReceipt(sender.UserId, "each of the five messages gets its receipt");
            }
        }
    }

    // A customer and a person in its teacher's seat; the seat's match names the customer once the server has registered the seat.
    private async Task<(string Customer, ImServerApi Im, string Teacher, ImServerApi Seat)> ConversationAsync()
    {
        var (customer, im) = await ConnectCustomerAsync();
        var match = await im.MatchAsync();
        match.Should().BeMatchReply(customer, FieldMatcher.TeacherId, "the case needs the customer's teacher");
        var teacher = match.Msg!;
        var seat = await TakeTeacherSeatAsync(teacher);
        var seatMatch = await seat.MatchAsync();
        seatMatch.Should().BeMatchReply(teacher, FieldMatcher.Is(customer), "the seat's match names its customer");
        return (customer, im, teacher, seat);
    }

    // CJK and ASCII mixed, cut to the length: a text whose 64th or 1,000th character is as likely to be lost as its first.
    private static string LongText(int length)
    {
        const string Pattern = "你好,老师!我想问一下课程安排。Hello teacher, 0123456789; ";
        var text = new StringBuilder(length + Pattern.Length);
        for (var n = 1; text.Length < length; n++)
        {
            text.Append(Pattern).Append(n).Append(' ');
        }

        return text.ToString(0, length);
    }
}
