using System.Diagnostics;
using ImServerTests.Api;
using ImServerTests.Server;
using ImServerTests.Server.Conversation;
using ImServerTests.Server.Faults;

namespace ImServerTests.Specs.Server;

/// <summary>
/// A server with one fault in what it pushes or when (a relayed chat message, the teacher's reply, the receipt). Each
/// fixture shows its fault really is there, in the way its description says, so the regression has it to catch.
/// </summary>
public abstract class PushFaultFixture : ServerFixture
{
    protected abstract Fault Injected { get; }

    protected override ImServerOptions Options => new() { ReplyDelay = ThinkTime.None, Fault = Injected };

    /// <summary>A customer and a connection in its teacher's seat, which has matched.</summary>
    internal async Task<(RawConnection Customer, RawConnection Seat)> OpenConversationAsync()
    {
        var (customer, teacherId) = await OpenCustomerAsync();
        var seat = await OpenAsync(teacherId);
        await seat.SendJsonAsync(new { type = "match", from = teacherId, to = "system" });
        await seat.ReceiveAsync();
        return (customer, seat);
    }

    internal static Task SayAsync(RawConnection from, RawConnection to, string msg) =>
        from.SendJsonAsync(new { type = "normal", from = from.UserId, to = to.UserId, msg });

    /// <summary>Every frame that arrives until none has come for <paramref name="quiet"/>; the socket is unusable afterwards.</summary>
    internal static async Task<List<Dictionary<string, string>>> ReceiveUntilQuietAsync(RawConnection connection, TimeSpan quiet)
    {
        var frames = new List<Dictionary<string, string>>();
        try
        {
            while ((await connection.ReceiveAsync(quiet)) is { } frame)
            {
                frames.Add(Fields(frame));
            }
        }
        catch (OperationCanceledException)
        {
            // quiet: nothing more is coming
        }

        return frames;
    }
}

[AllureEpic("Embedded server")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Fault relay-cut")]
public sealed class RelayCutSpecs : PushFaultFixture
{
    protected override Fault Injected => FaultCatalogue.RelayCut;

    [Test]
    public async Task A_long_message_reaches_the_seat_cut_after_its_64th_character()
    {
        var (customer, seat) = await OpenConversationAsync();
        var text = string.Concat(Enumerable.Repeat("0123456789", 10));
        await SayAsync(customer, seat, text);

        Fields((await seat.ReceiveAsync())!.Value)["msg"].Should().Be(text[..64]);
    }

    [Test]
    public async Task A_message_of_64_characters_reaches_the_seat_whole()
    {
        var (customer, seat) = await OpenConversationAsync();
        var text = new string('长', 64);
        await SayAsync(customer, seat, text);

        Fields((await seat.ReceiveAsync())!.Value)["msg"].Should().Be(text);
    }

    [Test]
    [Description("The seat's answer is cut too; a cut that would split an emoji's surrogate pair falls before it, so the frame stays valid JSON.")]
    public async Task The_seats_answer_is_cut_before_an_emoji_the_cut_would_split()
    {
        var (customer, seat) = await OpenConversationAsync();
        await SayAsync(seat, customer, new string('a', 63) + "😀 and more");
        await seat.ReceiveAsync(); // the seat's receipt

        Fields((await customer.ReceiveAsync())!.Value)["msg"].Should().Be(new string('a', 63));
    }
}

[AllureEpic("Embedded server")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Fault relay-non-bmp-replaced")]
public sealed class RelayNonBmpReplacedSpecs : PushFaultFixture
{
    protected override Fault Injected => FaultCatalogue.RelayNonBmpReplaced;

    [Test]
    [Description("Each character outside the BMP (one surrogate pair) becomes one '?', both ways; CJK of the BMP is untouched.")]
    public async Task Characters_outside_the_BMP_arrive_as_question_marks_both_ways()
    {
        var (customer, seat) = await OpenConversationAsync();
        await SayAsync(customer, seat, "你好😀, 𠀀!");
        var heard = Fields((await seat.ReceiveAsync())!.Value);
        await SayAsync(seat, customer, "👍🏽 好的");
        await seat.ReceiveAsync(); // the seat's receipt
        await customer.ReceiveAsync(); // the customer's receipt
        var answer = Fields((await customer.ReceiveAsync())!.Value);

        using (new AssertionScope())
        {
            heard["msg"].Should().Be("你好?, ?!");
            answer["msg"].Should().Be("?? 好的", "a thumb with a skin tone is two characters outside the BMP");
        }
    }
}

[AllureEpic("Embedded server")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Fault receipt-late")]
public sealed class ReceiptLateSpecs : PushFaultFixture
{
    protected override Fault Injected => FaultCatalogue.ReceiptLate;

    [Test]
    [Description("The receipt waits 3 s on a timer: the next request is answered at once meanwhile, and the receipt's fields are right.")]
    public async Task The_receipt_comes_seconds_late_while_the_next_request_is_answered_at_once()
    {
        var (customer, teacher) = await OpenCustomerAsync();
        var clock = Stopwatch.StartNew();
        await customer.SendJsonAsync(Normal(customer, teacher, "你好"));
        await customer.SendJsonAsync(new { type = "match", from = customer.UserId, to = "system" });

        var arrivals = new List<(TimeSpan At, Dictionary<string, string> Frame)>();
        while (arrivals.All(a => a.Frame["type"] != "receipt"))
        {
            var frame = Fields((await customer.ReceiveAsync())!.Value);
            arrivals.Add((clock.Elapsed, frame));
        }

        var match = arrivals.Single(a => a.Frame["type"] == "match");
        var receipt = arrivals[^1];
        using (new AssertionScope())
        {
            match.At.Should().BeLessThan(TimeSpan.FromSeconds(1), "the late receipt does not hold up the next request");
            receipt.At.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2.5));
            receipt.Frame.Should().Contain(new Dictionary<string, string>
            {
                ["code"] = "0",
                ["type"] = "receipt",
                ["from"] = "system",
                ["to"] = customer.UserId,
                ["msg"] = Protocol.PushSuccess,
            });
        }
    }
}

[AllureEpic("Embedded server")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Fault relay-late")]
public sealed class RelayLateSpecs : PushFaultFixture
{
    protected override Fault Injected => FaultCatalogue.RelayLate;

    [Test]
    public async Task The_receipt_comes_at_once_and_the_relay_seconds_later_as_sent()
    {
        var (customer, seat) = await OpenConversationAsync();
        var clock = Stopwatch.StartNew();
        await customer.SendJsonAsync(new { msgId = "c1", type = "normal", from = customer.UserId, to = seat.UserId, msg = "在吗" });
        var receipt = Fields((await customer.ReceiveAsync())!.Value);
        var receiptAt = clock.Elapsed;
        var heard = Fields((await seat.ReceiveAsync())!.Value);
        var heardAt = clock.Elapsed;

        using (new AssertionScope())
        {
            receipt["msg"].Should().Be(Protocol.PushSuccess);
            receiptAt.Should().BeLessThan(TimeSpan.FromSeconds(1));
            heardAt.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(2.5));
            heard.Should().Equal(new Dictionary<string, string>
            {
                ["type"] = "normal",
                ["from"] = customer.UserId,
                ["to"] = seat.UserId,
                ["msg"] = "在吗",
                ["msgId"] = "c1",
            });
        }
    }
}

[AllureEpic("Embedded server")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Fault relay-lost")]
public sealed class RelayLostSpecs : PushFaultFixture
{
    protected override Fault Injected => FaultCatalogue.RelayLost;

    [Test]
    [Description("3 in 10 are lost at random: of 40 relays, all arrive with a chance under one in a million, none with far less.")]
    public async Task Of_40_relays_some_but_not_all_arrive_and_every_receipt_says_push_success()
    {
        const int sent = 40;
        var (customer, seat) = await OpenConversationAsync();
        var texts = Enumerable.Range(1, sent).Select(i => $"m{i}").ToList();
        foreach (var text in texts)
        {
            await SayAsync(customer, seat, text);
        }

        var receipts = new List<string>();
        for (var i = 0; i < sent; i++)
        {
            receipts.Add(Fields((await customer.ReceiveAsync())!.Value)["msg"]);
        }

        var heard = (await ReceiveUntilQuietAsync(seat, TimeSpan.FromMilliseconds(500))).Select(f => f["msg"]).ToList();

        using (new AssertionScope())
        {
            receipts.Should().AllBe(Protocol.PushSuccess, "the server thinks it pushed every one");
            heard.Should().NotBeEmpty().And.HaveCountLessThan(sent).And.OnlyHaveUniqueItems();
            heard.Should().BeSubsetOf(texts);
            heard.Select(t => texts.IndexOf(t)).Should().BeInAscendingOrder("the ones that arrive keep their order");
        }
    }
}

[AllureEpic("Embedded server")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Fault relay-reordered")]
public sealed class RelayReorderedSpecs : PushFaultFixture
{
    protected override Fault Injected => FaultCatalogue.RelayReordered;

    [Test]
    [Description("Each relay waits its own 0-150 ms: 10 sent back to back all arrive, in their order with a chance of about one in 10! (3.6 million).")]
    public async Task Ten_relays_sent_back_to_back_all_arrive_out_of_order()
    {
        var (customer, seat) = await OpenConversationAsync();
        var texts = Enumerable.Range(1, 10).Select(i => $"第{i}条").ToList();
        foreach (var text in texts)
        {
            await SayAsync(customer, seat, text);
        }

        var heard = new List<string>();
        foreach (var _ in texts)
        {
            heard.Add(Fields((await seat.ReceiveAsync())!.Value)["msg"]);
        }

        using (new AssertionScope())
        {
            heard.Should().BeEquivalentTo(texts, "none is lost");
            heard.Should().NotEqual(texts, "later messages overtake earlier ones");
        }
    }
}

[AllureEpic("Embedded server")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Fault push-twice")]
public sealed class PushTwiceSpecs : PushFaultFixture
{
    protected override Fault Injected => FaultCatalogue.PushTwice;

    [Test]
    public async Task The_seat_gets_the_customers_message_twice()
    {
        var (customer, seat) = await OpenConversationAsync();
        await customer.SendJsonAsync(new { msgId = "c1", type = "normal", from = customer.UserId, to = seat.UserId, msg = "在吗" });
        var first = await seat.ReceiveTextAsync(TimeSpan.FromSeconds(5));
        var second = await seat.ReceiveTextAsync(TimeSpan.FromSeconds(5));

        using (new AssertionScope())
        {
            first.Should().Contain("在吗");
            second.Should().Be(first, "the same bytes are pushed again");
        }
    }

    [Test]
    [Description("The teacher's reply is a push too: it comes twice, the receipt (a reply, not a push) once.")]
    public async Task The_teachers_reply_comes_twice_and_the_receipt_once()
    {
        var (customer, teacher) = await OpenCustomerAsync();
        await customer.SendJsonAsync(Normal(customer, teacher, "你好"));
        var frames = await ReceiveUntilQuietAsync(customer, TimeSpan.FromMilliseconds(500));

        using (new AssertionScope())
        {
            frames.Where(f => f["type"] == "receipt").Should().ContainSingle();
            var replies = frames.Where(f => f["type"] == "normal").ToList();
            replies.Should().HaveCount(2).And.OnlyContain(r => r["from"] == teacher && r["msg"] == Protocol.Greeting);
            replies.Select(r => r["msgId"]).Distinct().Should().ContainSingle("the second is the same frame, not a second answer");
        }
    }
}
