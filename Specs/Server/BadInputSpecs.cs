using ImServerTests.Api;
using ImServerTests.Server;
using ImServerTests.Server.Conversation;
using System.Net.WebSockets;
using System.Text;

namespace ImServerTests.Specs.Server;

/// <summary>Frames the server cannot read close only their own connection, with the close code RFC 6455 gives.</summary>
[AllureEpic("Embedded server")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Frames it cannot read")]
public sealed class BadInputSpecs : ServerFixture
{
    private const int Limit = 4096;

    protected override ImServerOptions Options => new() { ReplyDelay = ThinkTime.None, MaxMessageChars = Limit };

    [Test]
    public async Task Text_over_the_limit_closes_with_1009()
    {
        var victim = await OpenAsync();
        await victim.SendAsync(new string('x', Limit + 1));
        (await victim.ReceiveCloseAsync()).Should().Be(WebSocketCloseStatus.MessageTooBig);
    }

    [TestCase("x", 1, TestName = "A message of exactly the limit in ASCII is read")]
    [TestCase("好", 1, TestName = "A message of exactly the limit in CJK (3 bytes each) is read")]
    [TestCase("😀", 2, TestName = "A message of exactly the limit in emoji (2 characters each) is read")]
    public async Task Text_at_the_limit_is_read(string filler, int charsEach)
    {
        var (customer, teacher) = await OpenCustomerAsync();
        var frame = Padded(customer.UserId, teacher, filler, charsEach, Limit);

        frame.Length.Should().Be(Limit, "the message is exactly the limit, counted in UTF-16 code units");
        await customer.SendAsync(frame);
        Fields((await customer.ReceiveAsync())!.Value)["msg"].Should().Be(Protocol.PushSuccess);
    }

    [TestCase("x", 1, TestName = "A message one character over the limit in ASCII closes with 1009")]
    [TestCase("好", 1, TestName = "A message one character over the limit in CJK closes with 1009")]
    [TestCase("😀", 2, TestName = "A message whose emoji take it over the limit closes with 1009")]
    public async Task Text_one_character_over_the_limit_closes_with_1009(string filler, int charsEach)
    {
        var (customer, teacher) = await OpenCustomerAsync();
        var frame = Padded(customer.UserId, teacher, filler, charsEach, Limit + charsEach);

        frame.Length.Should().Be(Limit + charsEach);
        await customer.SendAsync(frame);
        (await customer.ReceiveCloseAsync()).Should().Be(WebSocketCloseStatus.MessageTooBig);
    }

    // A normal message to the teacher whose msg is filled with the filler up to exactly length characters (UTF-16 code units).
    private static string Padded(string customer, string teacher, string filler, int charsEach, int length)
    {
        var head = $"{{\"type\":\"normal\",\"from\":\"{customer}\",\"to\":\"{teacher}\",\"msg\":\"你好";
        const string tail = "\"}";
        var room = length - head.Length - tail.Length;
        return head + string.Concat(Enumerable.Repeat(filler, room / charsEach)) + new string('x', room % charsEach) + tail;
    }

    [Test]
    public async Task Binary_frame_closes_with_1003()
    {
        var victim = await OpenAsync();
        await victim.SendAsync([1, 2, 3], WebSocketMessageType.Binary);
        (await victim.ReceiveCloseAsync()).Should().Be(WebSocketCloseStatus.InvalidMessageType);
    }

    [Test]
    public async Task Invalid_utf8_closes_with_1007()
    {
        var victim = await OpenAsync();
        await victim.SendAsync([0x7B, 0xC3, 0x28, 0x7D], WebSocketMessageType.Text);
        (await victim.ReceiveCloseAsync()).Should().Be(WebSocketCloseStatus.InvalidPayloadData);
    }

    [Test]
    [Description("The close frame must survive the rest of the message still arriving after the server gave up on it.")]
    public async Task Invalid_utf8_early_in_a_long_message_still_closes_with_1007()
    {
        var victim = await OpenAsync();
        await victim.SendFragmentsAsync([[0x7B, 0xFF]], WebSocketMessageType.Text, finish: false);

        // A slow client: the rest of the message comes after the server has refused the start of it.
        await Task.Delay(TimeSpan.FromMilliseconds(200));
        await victim.SendFragmentsAsync([Encoding.ASCII.GetBytes("\"x\"}")], WebSocketMessageType.Text);
        (await victim.ReceiveCloseAsync()).Should().Be(WebSocketCloseStatus.InvalidPayloadData);
    }

    [Test]
    public async Task A_closed_connection_does_not_affect_the_others()
    {
        var (bystander, teacher) = await OpenCustomerAsync();
        var victim = await OpenAsync();
        await victim.SendAsync(Encoding.UTF8.GetBytes("binary"), WebSocketMessageType.Binary);
        await victim.ReceiveCloseAsync();

        await bystander.SendJsonAsync(Normal(bystander, teacher, "你好"));
        Fields((await bystander.ReceiveAsync())!.Value)["msg"].Should().Be(Protocol.PushSuccess);
        Fields((await bystander.ReceiveAsync())!.Value)["from"].Should().Be(teacher);
    }

    [Test]
    public async Task Deeply_nested_json_is_refused_not_crashed_on()
    {
        var (customer, teacher) = await OpenCustomerAsync();
        await customer.SendAsync(new string('[', 1000) + new string(']', 1000));
        Fields((await customer.ReceiveAsync())!.Value)["code"].Should().Be("1");
        await customer.SendJsonAsync(new { type = "match", from = customer.UserId, to = "system" });
        Fields((await customer.ReceiveAsync())!.Value)["msg"].Should().Be(teacher);
    }
}
