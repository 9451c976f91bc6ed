using ImServerTests.Api;
using ImServerTests.Client;
using ImServerTests.Server;
using ImServerTests.Server.Faults;

namespace ImServerTests.Framework.Tests.Api;

[TestFixture]
[Category(Categories.Framework)]
[AllureFeature("ImServerApi")]
public sealed class ApiTests
{
    private static readonly TimeSpan Connect = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Receive = TimeSpan.FromMilliseconds(500);

    [Test]
    public void Requests_are_serialised_like_the_seeds_frames()
    {
        ImRequest.NormalMessage("admin", "t__mtx", "你好").ToJson()
            .Should().Be("{\"type\":\"normal\",\"from\":\"admin\",\"to\":\"t__mtx\",\"msg\":\"你好\",\"msgId\":\"111\"}");
        ImRequest.MatchFor("admin").ToJson().Should().Be("{\"type\":\"match\",\"from\":\"admin\",\"to\":\"system\",\"msgId\":\"111\"}");
    }

    [Test]
    public void A_frame_keeps_non_string_fields_visible_and_says_why()
    {
        var frame = ImFrame.Parse("{\"code\":0,\"type\":\"match\"}");

        frame.Code.Should().Be("0");
        frame.SchemaProblems.Should().ContainSingle().Which.Should().Contain("'code' is a JSON number");
        frame.MsgId.Should().BeNull();
    }

    [TestCase("push success", "not JSON")]
    [TestCase("[1]", "JSON array")]
    public void A_frame_that_is_not_a_json_object_is_reported_not_thrown(string raw, string problem)
    {
        var frame = ImFrame.Parse(raw);

        frame.Raw.Should().Be(raw);
        frame.SchemaProblems.Should().ContainSingle().Which.Should().Contain(problem);
    }

    [Test]
    [Description("A server that accepts connections and never answers: the wait ends after the receive timeout, naming what was awaited.")]
    public async Task A_silent_server_ends_the_wait_with_a_timeout()
    {
        await using var server = await ImServer.StartAsync(new ImServerOptions { Fault = FaultCatalogue.Silent });
        await using var im = await ImServerApi.ConnectAsync(server.BaseUrl, "quiet-customer", Connect, Receive);

        var match = () => im.MatchAsync();

        (await match.Should().ThrowAsync<FrameTimeoutException>()).Which.Message
            .Should().ContainAll("Timed out after 0.5 s", "the match reply", "No frame arrived");
    }

    [Test]
    public async Task A_server_that_closes_right_after_the_handshake_is_named_with_its_close_status()
    {
        await using var server = await ImServer.StartAsync(new ImServerOptions { Fault = FaultCatalogue.CloseOnConnect });
        await using var im = await ImServerApi.ConnectAsync(server.BaseUrl, "closed-customer", Connect, TimeSpan.FromSeconds(5));

        var match = async () =>
        {
            await im.SendRequestAsync(ImRequest.MatchFor(im.UserId));
            return await im.ReceiveReplyAsync("the match reply");
        };

        (await match.Should().ThrowAsync<ServerClosedException>()).Which.Message.Should().Contain("1011");
    }

    [Test]
    public async Task An_unreachable_server_is_named_with_its_url()
    {
        var baseUrl = new Uri($"ws://127.0.0.1:{FreePort.Next()}/pinter/imserver");

        var connect = () => ImServerApi.ConnectAsync(baseUrl, "lost-customer", Connect, Receive);

        (await connect.Should().ThrowAsync<ServerUnreachableException>()).Which.Message
            .Should().Contain(baseUrl + "/lost-customer");
    }
}
