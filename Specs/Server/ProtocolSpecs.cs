using ImServerTests.Api;
using System.Net.WebSockets;
using System.Text.Json;

namespace ImServerTests.Specs.Server;

/// <summary>The embedded server against the protocol document, one test per exchange and per error row.</summary>
[AllureEpic("Embedded server")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("The protocol document")]
public sealed class ProtocolSpecs : ServerFixture
{

    [Test]
    public async Task Match_answers_with_the_assigned_teacher_and_all_seven_string_fields()
    {
        var customer = await OpenAsync();
        await customer.SendJsonAsync(new { msgId = "111", type = "match", from = customer.UserId, to = "system" });
        var reply = (await customer.ReceiveAsync())!.Value;

        var fields = Fields(reply);
        using (new AssertionScope())
        {
            fields.Keys.Should().BeEquivalentTo("code", "type", "from", "to", "msg", "msgId", "timestamp");
            reply.EnumerateObject().Should().OnlyContain(p => p.Value.ValueKind == JsonValueKind.String);
            fields["code"].Should().Be("0");
            fields["type"].Should().Be("match");
            fields["from"].Should().Be("system");
            fields["to"].Should().Be(customer.UserId);
            fields["msg"].Should().MatchRegex(Protocol.TeacherIdPattern);
            fields["msgId"].Should().MatchRegex(Protocol.UuidPattern).And.NotBe("111", "the server does not echo the client's msgId");
            long.Parse(fields["timestamp"], System.Globalization.CultureInfo.InvariantCulture)
                .Should().BeCloseTo(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 60_000);
        }
    }

    [TestCase("你好", Protocol.Greeting)]
    [TestCase("hello teacher", Protocol.Greeting)]
    [TestCase("再见", "同学,再见,祝你学习愉快!")]
    public async Task Normal_message_gets_a_receipt_then_the_teachers_reply(string text, string expectedReply)
    {
        var (customer, teacher) = await OpenCustomerAsync();
        await customer.SendJsonAsync(Normal(customer, teacher, text));
        var receipt = Fields((await customer.ReceiveAsync())!.Value);
        var reply = Fields((await customer.ReceiveAsync())!.Value);

        using (new AssertionScope())
        {
            receipt.Should().Contain(new Dictionary<string, string>
            {
                ["code"] = "0",
                ["type"] = "receipt",
                ["from"] = "system",
                ["to"] = customer.UserId,
                ["msg"] = Protocol.PushSuccess,
            });
            reply.Should().Contain(new Dictionary<string, string>
            {
                ["code"] = "0",
                ["type"] = "normal",
                ["from"] = teacher,
                ["to"] = customer.UserId,
                ["msg"] = expectedReply,
            });
            reply["msgId"].Should().NotBe(receipt["msgId"]);
        }
    }

    [Test]
    public async Task Other_text_gets_a_canned_answer_from_the_teacher()
    {
        var (customer, teacher) = await OpenCustomerAsync();
        await customer.SendJsonAsync(Normal(customer, teacher, "课程什么时候开始?"));
        await customer.ReceiveAsync();
        var reply = Fields((await customer.ReceiveAsync())!.Value);

        reply["from"].Should().Be(teacher);
        reply["msg"].Should().NotBeNullOrWhiteSpace();
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase(null)]
    public async Task Empty_message_is_refused_and_not_delivered(string? text)
    {
        var (customer, teacher) = await OpenCustomerAsync();
        await customer.SendJsonAsync(Normal(customer, teacher, text));
        var receipt = Fields((await customer.ReceiveAsync())!.Value);

        receipt.Should().Contain(new Dictionary<string, string>
        {
            ["code"] = "1",
            ["type"] = "receipt",
            ["from"] = "system",
            ["to"] = customer.UserId,
            ["msg"] = Protocol.EmptyMessage,
        });
        (await customer.StaysSilentAsync(TimeSpan.FromMilliseconds(300))).Should().BeTrue("nothing reaches the teacher");
    }

    [TestCase("", "normal")]
    [TestCase(" \t ", "normal")]
    [TestCase("not json", "receipt")]
    [TestCase("[1,2]", "receipt")]
    [TestCase("\"text\"", "receipt")]
    [TestCase("null", "receipt")]
    [TestCase("{\"from\":\"x\",\"to\":\"system\"}", "normal")]
    [TestCase("{\"type\":\" \",\"from\":\"x\",\"to\":\"system\"}", "normal")]
    [TestCase("{\"type\":\"match\",\"to\":\"system\"}", "normal")]
    [TestCase("{\"type\":\"match\",\"from\":\"USER\"}", "normal")]
    [TestCase("{\"type\":\"normal\",\"from\":\"USER\",\"to\":\"\"}", "normal")]
    [TestCase("{\"type\":\"normal\",\"from\":\"USER\",\"to\":\"t__mtx\",\"msg\":\"\"}", "receipt")]
    [TestCase("{\"type\":\"normal\",\"from\":\"nobody\",\"to\":\"t__mtx\",\"msg\":\"x\"}", "receipt")]
    [TestCase("{\"type\":5,\"from\":\"USER\",\"to\":\"system\"}", "receipt")]
    [TestCase("{\"type\":\"match\",\"from\":[\"USER\"],\"to\":\"system\"}", "receipt")]
    [TestCase("{\"type\":\"normal\",\"from\":\"USER\",\"to\":\"t__mtx\",\"msg\":42}", "receipt")]
    [Description("Each row of the error table gets exactly its reply type; a field that is not a string fails the parse, like text that is not JSON.")]
    public async Task Bad_request_is_refused_and_the_connection_keeps_working(string frame, string replyType)
    {
        var (customer, teacher) = await OpenCustomerAsync();
        await customer.SendAsync(frame.Replace("USER", customer.UserId, StringComparison.Ordinal));
        var reply = Fields((await customer.ReceiveAsync())!.Value);

        reply.Should().Contain(new Dictionary<string, string>
        {
            ["code"] = "1",
            ["type"] = replyType,
            ["from"] = "system",
            ["to"] = customer.UserId,
        });
        await AssertStillServesAsync(customer, teacher);
    }

    [Test]
    public async Task Normal_message_from_a_user_without_a_teacher_is_refused()
    {
        var teacherLike = await OpenAsync(NewUser() + Protocol.TeacherSuffix);
        await teacherLike.SendJsonAsync(Normal(teacherLike, "someone", "你好"));
        var reply = Fields((await teacherLike.ReceiveAsync())!.Value);

        reply.Should().Contain(new Dictionary<string, string> { ["code"] = "1", ["type"] = "receipt", ["to"] = teacherLike.UserId });
    }

    [Test]
    public async Task Normal_message_to_another_teacher_is_refused_and_not_delivered()
    {
        var (customer, teacher) = await OpenCustomerAsync();
        var (other, otherTeacher) = await OpenCustomerAsync();
        await customer.SendJsonAsync(Normal(customer, otherTeacher, "你好"));
        var reply = Fields((await customer.ReceiveAsync())!.Value);

        reply.Should().Contain(new Dictionary<string, string> { ["code"] = "1", ["type"] = "receipt", ["to"] = customer.UserId });
        (await other.StaysSilentAsync(TimeSpan.FromMilliseconds(300))).Should().BeTrue("the other customer's teacher got nothing to answer");
        _ = teacher;
    }

    [Test]
    public async Task Match_for_a_user_without_a_teacher_is_refused_with_type_match()
    {
        var teacherLike = await OpenAsync(NewUser() + Protocol.TeacherSuffix);
        await teacherLike.SendJsonAsync(new { type = "match", from = teacherLike.UserId, to = "system" });
        var reply = Fields((await teacherLike.ReceiveAsync())!.Value);

        reply.Should().Contain(new Dictionary<string, string> { ["code"] = "1", ["type"] = "match", ["from"] = "system", ["to"] = teacherLike.UserId });
    }

    [Test]
    public async Task Unknown_type_gets_no_reply_and_the_connection_keeps_working()
    {
        var (customer, teacher) = await OpenCustomerAsync();
        await customer.SendJsonAsync(new { type = "subscribe", from = customer.UserId, to = "system" });
        await AssertStillServesAsync(customer, teacher);
    }

    [Test]
    [Description("Like the real server, match answers for the connection's own user, whatever non-blank from says.")]
    public async Task Match_answers_for_the_connections_own_user_whatever_from_says()
    {
        var (customer, teacher) = await OpenCustomerAsync();
        await customer.SendJsonAsync(new { msgId = "111", type = "match", from = "shamo", to = "system" });
        var reply = Fields((await customer.ReceiveAsync())!.Value);

        reply.Should().Contain(new Dictionary<string, string> { ["code"] = "0", ["type"] = "match", ["to"] = customer.UserId, ["msg"] = teacher });
    }

    [Test]
    [Description("Like the real server, a normal message is judged by its from/to pairing, not by the connection that sent it.")]
    public async Task A_message_in_another_customers_name_is_delivered_by_default()
    {
        var (victim, victimTeacher) = await OpenCustomerAsync();
        var sender = await OpenAsync();
        await sender.SendJsonAsync(new { type = "normal", from = victim.UserId, to = victimTeacher, msg = "你好" });
        var receipt = Fields((await sender.ReceiveAsync())!.Value);
        var reply = Fields((await victim.ReceiveAsync())!.Value);

        using (new AssertionScope())
        {
            receipt.Should().Contain(new Dictionary<string, string> { ["code"] = "0", ["type"] = "receipt", ["to"] = sender.UserId, ["msg"] = Protocol.PushSuccess });
            reply.Should().Contain(new Dictionary<string, string> { ["code"] = "0", ["type"] = "normal", ["from"] = victimTeacher, ["to"] = victim.UserId });
        }
    }

    [Test]
    public async Task Reconnecting_moves_pushes_to_the_newer_connection_with_a_new_teacher()
    {
        var user = NewUser();
        var older = await OpenAsync(user);
        await older.SendJsonAsync(new { type = "match", from = user, to = "system" });
        var olderTeacher = Fields((await older.ReceiveAsync())!.Value)["msg"];

        var newer = await OpenAsync(user);
        await newer.SendJsonAsync(new { type = "match", from = user, to = "system" });
        var newerTeacher = Fields((await newer.ReceiveAsync())!.Value)["msg"];
        await newer.SendJsonAsync(Normal(newer, newerTeacher, "你好"));
        await newer.ReceiveAsync();
        var reply = Fields((await newer.ReceiveAsync())!.Value);

        using (new AssertionScope())
        {
            newerTeacher.Should().MatchRegex(Protocol.TeacherIdPattern).And.NotBe(olderTeacher);
            reply["from"].Should().Be(newerTeacher);
            (await older.StaysSilentAsync(TimeSpan.FromMilliseconds(300))).Should().BeTrue("pushes go to the newer connection");
        }
    }

    [Test]
    [Description("The teacher's seat: the customer's message reaches the seat as sent, the bot is silent, and the seat's answer reaches the customer as sent.")]
    public async Task A_connection_in_the_teachers_seat_takes_over_the_conversation()
    {
        var (customer, teacherId) = await OpenCustomerAsync();
        var seat = await OpenAsync(teacherId);
        await seat.SendJsonAsync(new { type = "match", from = teacherId, to = "system" });
        var seatMatch = Fields((await seat.ReceiveAsync())!.Value);

        await customer.SendAsync($"{{\"msgId\":\"c1\",\"type\":\"normal\",\"from\":\"{customer.UserId}\",\"to\":\"{teacherId}\",\"msg\":\"在吗\"}}");
        var customerReceipt = Fields((await customer.ReceiveAsync())!.Value);
        var heard = Fields((await seat.ReceiveAsync())!.Value);

        await seat.SendAsync($"{{\"type\":\"normal\",\"from\":\"{teacherId}\",\"to\":\"{customer.UserId}\",\"msg\":\"我在\"}}");
        var seatReceipt = Fields((await seat.ReceiveAsync())!.Value);
        var answer = Fields((await customer.ReceiveAsync())!.Value);
        var botSilent = await customer.StaysSilentAsync(TimeSpan.FromMilliseconds(300)); // last: a silent wait aborts the socket

        using (new AssertionScope())
        {
            seatMatch.Should().Contain(new Dictionary<string, string> { ["code"] = "0", ["type"] = "match", ["to"] = teacherId, ["msg"] = customer.UserId });
            customerReceipt.Should().Contain(new Dictionary<string, string> { ["code"] = "0", ["type"] = "receipt", ["msg"] = Protocol.PushSuccess });
            heard.Should().Equal(new Dictionary<string, string> { ["type"] = "normal", ["from"] = customer.UserId, ["to"] = teacherId, ["msg"] = "在吗", ["msgId"] = "c1" });
            answer["from"].Should().Be(teacherId, "the first chat frame the customer gets is the seat's answer, not the bot's");
            botSilent.Should().BeTrue("the bot teacher stops answering once a connection holds its seat");
            seatReceipt.Should().Contain(new Dictionary<string, string> { ["code"] = "0", ["type"] = "receipt", ["to"] = teacherId, ["msg"] = Protocol.PushSuccess });
        }
    }

    [Test]
    public async Task The_seats_answer_reaches_the_customer_with_only_the_fields_it_gave()
    {
        var (customer, teacherId) = await OpenCustomerAsync();
        var seat = await OpenAsync(teacherId);
        await seat.SendJsonAsync(new { type = "match", from = teacherId, to = "system" });
        await seat.ReceiveAsync();

        await seat.SendAsync($"{{\"type\":\"normal\",\"from\":\"{teacherId}\",\"to\":\"{customer.UserId}\",\"msg\":\"我在\",\"extra\":\"dropped\"}}");
        var pushed = Fields((await customer.ReceiveAsync())!.Value);

        pushed.Should().Equal(new Dictionary<string, string> { ["type"] = "normal", ["from"] = teacherId, ["to"] = customer.UserId, ["msg"] = "我在" });
    }

    [Test]
    [Description("A seat for a teacher id that no customer is paired with has no partner: match and normal are refused.")]
    public async Task A_seat_without_a_customer_is_refused_like_any_user_without_a_partner()
    {
        var seat = await OpenAsync(Guid.NewGuid().ToString("N") + Protocol.TeacherSuffix);
        await seat.SendJsonAsync(new { type = "match", from = seat.UserId, to = "system" });
        var match = Fields((await seat.ReceiveAsync())!.Value);
        await seat.SendJsonAsync(new { type = "normal", from = seat.UserId, to = "someone", msg = "你好" });
        var normal = Fields((await seat.ReceiveAsync())!.Value);

        using (new AssertionScope())
        {
            match.Should().Contain(new Dictionary<string, string> { ["code"] = "1", ["type"] = "match", ["to"] = seat.UserId });
            normal.Should().Contain(new Dictionary<string, string> { ["code"] = "1", ["type"] = "receipt", ["to"] = seat.UserId });
        }
    }

    [TestCase(WebSocketCloseStatus.EndpointUnavailable, "going away")]
    [TestCase((WebSocketCloseStatus)4000, "the application's own code")]
    [Description("RFC 6455 5.5.1: the close that answers a client's close echoes its status code; the server echoes its reason too, as Tomcat does.")]
    public async Task A_clients_close_is_answered_with_its_code_and_reason(WebSocketCloseStatus status, string reason)
    {
        var connection = await OpenUnmanagedAsync(NewUser());
        await using (connection)
        {
            var answer = await connection.CloseAsync(status, reason);

            answer.Should().Be((status, reason));
        }
    }

    private static async Task AssertStillServesAsync(RawConnection customer, string teacher)
    {
        await customer.SendJsonAsync(new { type = "match", from = customer.UserId, to = "system" });
        var reply = Fields((await customer.ReceiveAsync())!.Value);
        reply.Should().Contain(new Dictionary<string, string> { ["code"] = "0", ["type"] = "match", ["msg"] = teacher });
    }
}
