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

    protected override ImServerOptions Options => new() { ReplyDelay = ThinkTime.None, MaxMessageBytes = Limit };

    [Test]
    public async Task Text_over_the_limit_closes_with_1009()
    {
        var victim = await OpenAsync();
        await victim.SendAsync(new string('x', Limit + 1));
        (await victim.ReceiveCloseAsync()).Should().Be(WebSocketCloseStatus.MessageTooBig);
    }

    [Test]
    public async Task Text_at_the_limit_is_read()
    {
        var (customer, teacher) = await OpenCustomerAsync();
        var padding = new string(' ', Limit - 200);
        await customer.SendAsync($"{{\"type\":\"normal\",\"from\":\"{customer.UserId}\",\"to\":\"{teacher}\",\"msg\":\"你好\"}}{padding}");
        Fields((await customer.ReceiveAsync())!.Value)["msg"].Should().Be(Protocol.PushSuccess);
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
