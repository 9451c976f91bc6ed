using System.Diagnostics;
using System.Text;
using ImServerTests.Api.Timing;
using ImServerTests.Client.Framing;

namespace ImServerTests.TestCases.Regression;

/// <summary>
/// The WebSocket underneath: the duties RFC 6455 gives every server, whatever its messages, which browsers, proxies and
/// load balancers rely on, and which a framework upgrade or a new gateway can break without a word. The real server
/// is a JSR 356 endpoint on Tomcat, which keeps them (the protocol document, "Transport, identity and time"). Each case
/// names the section it checks; the frames it needs are sent with <see cref="WebSocketFramer"/>, at the level of frames.
/// </summary>
[AllureFeature("The WebSocket underneath (RFC 6455)")]
public sealed class TransportTests : ImServerFixture
{
    public enum PingPayload
    {
        Empty,
        Text,
        LongestAllowed,
    }

    private static TimeSpan Receive => Settings.ReceiveTimeout;

    [TestCase(PingPayload.Empty)]
    [TestCase(PingPayload.Text)]
    [TestCase(PingPayload.LongestAllowed)]
    [AllureStory("Ping and pong")]
    [Description("RFC 6455 §5.5.2, §5.5.3: a ping is answered by a pong with the same payload, at once (budget pongMs).")]
    public async Task A_ping_is_answered_by_a_pong_with_the_same_payload(PingPayload kind)
    {
        var customer = NewCustomerId();
        var framer = await ConnectFramerAsync(customer);
        var payload = kind switch
        {
            PingPayload.Empty => [],
            PingPayload.Text => Encoding.UTF8.GetBytes($"ping from {customer}"),
            _ => Enumerable.Range(0, WebSocketFrame.MaxControlPayload).Select(i => (byte)(255 - i)).ToArray(), // any bytes, not only text
        };

        // One ping at a time: a server may answer only the latest of several pings it has not answered yet (§5.5.3).
        var sentAt = await framer.SendAsync(WebSocketFrame.Ping(payload));
        var pong = await framer.ReceiveAsync(frame => frame.Opcode == Opcode.Pong && frame.Payload.AsSpan().SequenceEqual(payload),
            $"the pong answering ping {WebSocketFrame.Describe(payload)} (RFC 6455 §5.5.2)", Receive);

        var timing = new FrameTiming(Stopwatch.GetElapsedTime(sentAt, pong.ArrivedAt), BudgetOf(Budgets.Pong));
        timing.Problem.Should().BeNull("the server sends a pong as soon as it reads the ping (RFC 6455 §5.5.2)");
    }

    [TestCase(1001, "going away", TestName = "A client's close 1001 (going away, as a browser leaving the page) is echoed, then the connection ends")]
    [TestCase(4000, "the application's own code", TestName = "A client's close 4000 (an application's own code) is echoed, then the connection ends")]
    [AllureStory("Closing")]
    [Description("RFC 6455 §5.5.1, §7.1.2: a client's close is answered by a close frame echoing its code, nothing follows it, and only then does the server end the connection.")]
    public async Task A_clients_close_is_answered_by_a_close_echoing_its_code_and_then_the_connection_ends(int code, string reason)
    {
        var customer = NewCustomerId();
        var framer = await ConnectFramerAsync(customer);
        await framer.SendTextAsync(ImRequest.MatchFor(customer).ToJson());
        await framer.ReceiveMessageAsync("the match reply, before the close", Receive);

        await framer.SendAsync(WebSocketFrame.Close(code, reason));
        var close = await framer.ReceiveAsync(frame => frame.Opcode == Opcode.Close, $"the close frame answering close {code} (RFC 6455 §5.5.1)", Receive);
        var ended = await framer.EndsWithinAsync(Receive);

        using (new AssertionScope())
        {
            close.CloseCode.Should().Be(code, "the close that answers a client's close echoes its status code (RFC 6455 §5.5.1); the server answered {0}", close);
            ended.Should().BeTrue("once it has sent and received a close, the server ends the TCP connection (RFC 6455 §7.1.1, §7.1.2); it was still open {0} s later",
                Receive.TotalSeconds);
            framer.Ending.Should().BeOneOf([null, "the server ended the TCP connection"], "nothing may follow a close frame (RFC 6455 §5.5.1)");
        }
    }

    [Test]
    [AllureStory("Text frames")]
    [Description("RFC 6455 §5.6 and the protocol: every frame the server sends is a text frame, and every message valid UTF-8, here with CJK and an emoji in it.")]
    public async Task Every_message_the_server_sends_is_text_of_valid_UTF8()
    {
        var customer = NewCustomerId();
        var framer = await ConnectFramerAsync(customer);
        var messages = new List<WebSocketMessage>();

        await framer.SendTextAsync(ImRequest.MatchFor(customer).ToJson());
        var match = await framer.ReceiveMessageAsync("the match reply", Receive);
        messages.Add(match);
        var teacher = ImFrame.Parse(match.Text ?? "").Msg ?? "";
        await framer.SendTextAsync(ImRequest.NormalMessage(customer, teacher, "你好").ToJson());
        messages.Add(await framer.ReceiveMessageAsync("the receipt or the teacher's greeting", Receive));
        messages.Add(await framer.ReceiveMessageAsync("the other of the receipt and the teacher's greeting", Receive));
        await framer.SendTextAsync(ImRequest.NormalMessage(customer, teacher, "").ToJson());
        messages.Add(await framer.ReceiveMessageAsync("the refusal of an empty message", Receive));
        var seat = await TakeTeacherSeatAsync(teacher);
        (await seat.MatchAsync()).Should().BeMatchReply(teacher, FieldMatcher.Is(customer), "the seat is taken before it speaks");
        await seat.SendNormalAsync(customer, "emoji 😀 from the seat");
        messages.Add(await framer.ReceiveMessageAsync("the seat's message with an emoji", Receive));

        var problems = messages.SelectMany(message => new[]
        {
            message.Opcode == Opcode.Text ? null : $"{message}: a {message.Opcode} message, where the server sends text frames only (RFC 6455 §5.6; the protocol)",
            message.Text is not null ? null : $"{message}: not valid UTF-8 (RFC 6455 §5.6)",
        }).OfType<string>();
        problems.Should().BeEmpty("every frame the server sends is a text frame of UTF-8 JSON");
    }

    [Test]
    [AllureStory("Fragments")]
    [Description("RFC 6455 §5.4: a message sent in three fragments, the first ending inside a character, with a ping between, is one message: one receipt, one relay, and the ping's pong.")]
    public async Task A_message_sent_in_fragments_with_a_ping_between_is_taken_as_one()
    {
        var customer = NewCustomerId();
        var framer = await ConnectFramerAsync(customer);
        await framer.SendTextAsync(ImRequest.MatchFor(customer).ToJson());
        var teacher = ImFrame.Parse((await framer.ReceiveMessageAsync("the match reply", Receive)).Text ?? "").Msg ?? "";
        var seat = await TakeTeacherSeatAsync(teacher);
        (await seat.MatchAsync()).Should().BeMatchReply(teacher, FieldMatcher.Is(customer), "the seat is taken before the message is sent");
        var sent = ImRequest.NormalMessage(customer, teacher, "三段发送的消息 sent in three fragments") with { MsgId = null };
        var bytes = Encoding.UTF8.GetBytes(sent.ToJson());
        var insideACharacter = Array.IndexOf(bytes, (byte)0xE4) + 1; // after the first of the three bytes of 三
        var secondEnd = insideACharacter + ((bytes.Length - insideACharacter) / 2);
        var ping = Encoding.UTF8.GetBytes("between the fragments");

        Clock.Sent(customer, customer, sent.Msg); // the relay's latency counts from here, as if the Api had sent it
        await framer.SendAsync(new WebSocketFrame(Opcode.Text, bytes[..insideACharacter], Fin: false));
        await framer.SendAsync(WebSocketFrame.Ping(ping));
        await framer.SendAsync(WebSocketFrame.Continuation(bytes[insideACharacter..secondEnd], fin: false));
        await framer.SendAsync(WebSocketFrame.Continuation(bytes[secondEnd..], fin: true));
        var pong = await framer.ReceiveAsync(frame => frame.Opcode == Opcode.Pong && frame.Payload.AsSpan().SequenceEqual(ping),
            "the pong answering the ping between the fragments (RFC 6455 §5.4: control frames may come between fragments)", Receive);
        var receipt = ImFrame.Parse((await framer.ReceiveMessageAsync("the receipt of the fragmented message", Receive)).Text ?? "");
        var heard = await seat.ReceiveChatAsync("the fragmented message, whole");

        using (new AssertionScope())
        {
            pong.Payload.Should().Equal(ping);
            receipt.Should().BeReceipt(customer, "the three fragments are one normal message (RFC 6455 §5.4)");
            heard.Should().BeRelayOf(sent, "the three fragments are one message, relayed whole");
        }
    }

    [Test]
    [AllureStory("Message size")]
    [Description("The protocol: the real server's Tomcat takes a text message of up to 8,192 characters (server.maxMessageChars). One of exactly that length, in ASCII, is accepted and relayed intact.")]
    public async Task A_message_of_exactly_the_size_limit_is_accepted_and_relayed_intact()
    {
        var limit = Settings.Server.MaxMessageChars;
        var (customer, im) = await ConnectCustomerAsync();
        var teacher = (await im.MatchAsync()).Msg ?? "";
        var seat = await TakeTeacherSeatAsync(teacher);
        (await seat.MatchAsync()).Should().BeMatchReply(teacher, FieldMatcher.Is(customer), "the seat is taken before the message is sent");
        var sent = AsciiMessageOf(limit, customer, teacher);

        await im.SendAsync(sent.ToJson());
        var receipt = await im.ReceiveReceiptAsync();
        var heard = await seat.ReceiveChatAsync($"the message of {limit} characters");

        using (new AssertionScope())
        {
            receipt.Should().BeReceipt(customer, "a message of exactly {0} characters is within the limit (server.maxMessageChars)", limit);
            heard.Should().BeRelayOf(sent, "a message at the limit is relayed intact");
        }
    }

    [Test]
    [AllureStory("Message size")]
    [Description("The protocol and RFC 6455 §7.4.1: a text message one character over the limit (server.maxMessageChars), in ASCII, is closed with 1009 (message too big); anything else is a failure.")]
    public async Task A_message_one_character_over_the_size_limit_is_closed_with_1009()
    {
        var limit = Settings.Server.MaxMessageChars;
        var customer = NewCustomerId();
        var framer = await ConnectFramerAsync(customer);
        await framer.SendTextAsync(ImRequest.MatchFor(customer).ToJson());
        var teacher = ImFrame.Parse((await framer.ReceiveMessageAsync("the match reply", Receive)).Text ?? "").Msg ?? "";

        await framer.SendTextAsync(AsciiMessageOf(limit + 1, customer, teacher).ToJson());
        var answer = await framer.ReceiveAsync(frame => frame.Opcode == Opcode.Close || !frame.IsControl,
            $"the close with 1009 for a message of {limit + 1} characters", Receive);

        answer.Opcode.Should().Be(Opcode.Close,
            "a message of {0} characters is over the limit of {1} (server.maxMessageChars, environment {2}) and is closed with 1009; the server answered {3}",
            limit + 1, limit, Settings.EnvironmentName, answer);
        answer.CloseCode.Should().Be(1009, "a message over the limit is closed with 1009, message too big (RFC 6455 §7.4.1); the server closed with {0}", answer);
    }

    // A normal message whose JSON is exactly `length` characters of ASCII, where characters and bytes agree.
    private static ImRequest AsciiMessageOf(int length, string customer, string teacher)
    {
        var empty = ImRequest.NormalMessage(customer, teacher, "") with { MsgId = null };
        var room = length - empty.ToJson().Length;
        var message = empty with { Msg = new string('x', Math.Max(room, 0)) };
        message.ToJson().Length.Should().Be(length, "the probe is exactly {0} characters", length);
        message.ToJson().Should().MatchRegex("^[\\x20-\\x7E]*$", "the probe is ASCII, where a character is a byte");
        return message;
    }
}
