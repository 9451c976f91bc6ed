using ImServerTests.Api;
using ImServerTests.Client;
using ImServerTests.Conformance;
using ImServerTests.Server;
using ImServerTests.Server.Faults;

namespace ImServerTests.Specs.Api;

[AllureEpic("Api")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("ImServerApi")]
public sealed class ApiSpecs
{
    private static readonly TimeSpan Connect = TimeSpan.FromSeconds(5);
    private static readonly Contract Contract = ContractFile.Load(_ => null);
    private static readonly TimeSpan Receive = TimeSpan.FromMilliseconds(500);

    [Test]
    public void Requests_are_serialised_like_the_seeds_frames()
    {
        ImRequest.NormalMessage("admin", "t__mtx", "你好").ToJson()
            .Should().Be("{\"type\":\"normal\",\"from\":\"admin\",\"to\":\"t__mtx\",\"msg\":\"你好\",\"msgId\":\"111\"}");
        ImRequest.MatchFor("admin").ToJson().Should().Be("{\"type\":\"match\",\"from\":\"admin\",\"to\":\"system\",\"msgId\":\"111\"}");
    }

    [Test]
    public void A_frame_keeps_non_string_fields_visible_for_the_contract_to_name()
    {
        var frame = ImFrame.Parse("{\"code\":0,\"type\":\"match\"}");

        frame.Code.Should().Be("0");
        frame.MsgId.Should().BeNull();
        Contract.Violations(frame.Raw, "matchReply").Should().Contain(v => v.StartsWith("code: ", StringComparison.Ordinal) && v.Contains("string", StringComparison.Ordinal));
    }

    [TestCase("push success")]
    [TestCase("[1]")]
    public void A_frame_that_is_not_a_json_object_is_kept_not_thrown(string raw)
    {
        var frame = ImFrame.Parse(raw);

        frame.Raw.Should().Be(raw);
        frame.Fields.Should().BeEmpty();
    }

    [Test]
    public void A_string_with_a_lone_surrogate_escape_keeps_its_JSON_instead_of_throwing()
    {
        var frame = ImFrame.Parse("{\"type\":\"normal\",\"msg\":\"a\\ud800b\"}");

        frame.Msg.Should().Be("\"a\\ud800b\"");
        frame.Type.Should().Be("normal");
    }

    [Test]
    [Description("With a contract, a step checks the frame it picks against the messages of its operation.")]
    public async Task A_step_records_the_contract_message_its_frame_conforms_to()
    {
        await using var server = await ImServer.StartAsync(new ImServerOptions());
        await using var im = await ImServerApi.ConnectAsync(server.BaseUrl, "checked-customer", Connect, TimeSpan.FromSeconds(5), Contract);

        var match = await im.MatchAsync();

        match.Conformance!.Expected.Should().Contain(["matchReply", "matchWithoutTeacherRefusal"]);
        match.Conformance.ConformsTo.Should().Equal("matchReply");
        match.Conformance.Problems("matchReply").Should().BeEmpty();
    }

    [Test]
    public async Task A_frame_that_breaks_the_contract_conforms_to_no_expected_message()
    {
        await using var server = await ImServer.StartAsync(new ImServerOptions { Fault = FaultCatalogue.MsgIdNotUuid });
        await using var im = await ImServerApi.ConnectAsync(server.BaseUrl, "checked-customer", Connect, TimeSpan.FromSeconds(5), Contract);

        var match = await im.MatchAsync();

        match.Conformance!.ConformsTo.Should().BeEmpty();
        match.Conformance.Violations["matchReply"].Should().ContainSingle().Which.Should().StartWith("msgId: ");
        Contract.Violations(match.Raw, "matchReply").Should().ContainSingle().Which.Should().StartWith("msgId: ").And.Contain("uuid");
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
