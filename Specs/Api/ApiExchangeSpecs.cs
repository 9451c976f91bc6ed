using ImServerTests.Api;
using ImServerTests.Api.Expectations;
using ImServerTests.TestKit.Assertions;
using System.Net;
using System.Net.Sockets;
using ImServerTests.Client;
using ImServerTests.Conformance;
using ImServerTests.Server;
using ImServerTests.Server.Conversation;

namespace ImServerTests.Specs.Api;

/// <summary>
/// The Api's steps in the protocol's words, against the embedded server: what each step sends, which frame it picks,
/// what the contract says of it, and how it appears in the report (its step and the frames attached).
/// </summary>
[AllureEpic("Api")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Api steps")]
[NonParallelizable] // the report seam is one for the whole test run
public sealed class ApiExchangeSpecs
{
    private static readonly Contract Contract = ContractFile.Load(_ => null);

    private ImServer _server = null!;
    private RecordingReporter _reporter = null!;
    private IExchangeReporter _before = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _server = await ImServer.StartAsync(new ImServerOptions { ReplyDelay = ThinkTime.None });
        _before = ExchangeReporting.Current;
        _reporter = new RecordingReporter();
        ExchangeReporting.Current = _reporter;
    }

    [TearDown]
    public async Task StopAsync()
    {
        ExchangeReporting.Current = _before;
        await _server.DisposeAsync();
    }

    [Test]
    public async Task The_seeds_chain_is_steps_named_in_the_protocols_words_with_their_frames()
    {
        await using var im = await ImServerApi.ConnectAsync(_server.BaseUrl, "spec-customer", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), Contract);

        var match = await im.MatchAsync();
        await im.SendNormalAsync(match.Msg!, "你好");
        var receipt = await im.ReceiveReceiptAsync();
        var reply = await im.ReceiveTeacherReplyAsync();

        match.Should().BeMatchReply("spec-customer", FieldMatcher.TeacherId);
        receipt.Should().BeReceipt("spec-customer");
        reply.Should().BeTeacherPush(match.Msg!, "spec-customer", FieldMatcher.Is(Protocol.Greeting));
        im.UserId.Should().Be("spec-customer");
        im.Url.AbsoluteUri.Should().EndWith("/pinter/imserver/spec-customer");
        im.ReceiveTimeout.Should().Be(TimeSpan.FromSeconds(5));
        match.Conformance!.Expected.Should().Equal(Contract.ExpectedFrom(ContractOperations.SendMatch));
        receipt.Conformance!.Expected.Should().Equal(Contract.ExpectedFrom(ContractOperations.SendNormal));
        reply.Conformance!.ConformsTo.Should().Equal(["teacherPush", "relayedChat"], "a stamped push is also a chat message of any fields");
        _reporter.Steps.Should().Equal(
            "connect as spec-customer", "send match", "receive the match reply", "send normal", "receive the receipt",
            "receive the teacher's reply (type normal, not from system)");
        _reporter.Frames.Select(f => f.Name).Should().Equal(
            "sent match", "the match reply", "sent normal", "the receipt", "the teacher's reply (type normal, not from system)");
        _reporter.Frames[0].Json.Should().Be("""{"type":"match","from":"spec-customer","to":"system","msgId":"111"}""");
        _reporter.Frames[1].Json.Should().Be(match.Raw);
        im.Transcript.Entries.Should().HaveCount(5);
        _reporter.Parameters.Should().HaveCount(3, "each received frame's step shows its latency")
            .And.AllSatisfy(p => p.Name.Should().Be("latency"));
        _reporter.Parameters[0].Value.Should().MatchRegex("^[0-9,]+ ms$", "without budgets a latency is shown, never judged");
    }

    [Test]
    public async Task Raw_frames_go_out_and_come_back_as_text_and_a_quiet_server_gives_nothing()
    {
        await using var im = await ImServerApi.ConnectAsync(_server.BaseUrl, "spec-raw", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), Contract);

        await im.SendAsync("not json");
        var text = await im.RecvAsync();
        await im.SendAsync("""{"type":"shout","from":"spec-raw","to":"system"}""");
        var nothing = await im.TryReceiveWithinAsync(TimeSpan.FromMilliseconds(300));

        ImFrame.Parse(text).Should().BeRefusal(Refusal.UnreadableFrame, "spec-raw");
        nothing.Should().BeNull("an unknown type gets no reply");
        _reporter.Steps.Should().Equal("connect as spec-raw", "send frame", "receive frame", "send frame", "expect no frame for 0.3 s");
        _reporter.Frames.Select(f => f.Name).Should().Equal("sent", "received", "sent");
    }

    [Test]
    public async Task A_frame_in_the_quiet_window_is_returned_and_attached()
    {
        await using var im = await ImServerApi.ConnectAsync(_server.BaseUrl, "spec-quiet", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), Contract);

        await im.SendRequestAsync(ImRequest.MatchFor("spec-quiet"));
        var frame = await im.TryReceiveWithinAsync(TimeSpan.FromSeconds(2));

        frame.Should().NotBeNull();
        frame!.Type.Should().Be("match");
        frame.Conformance.Should().BeNull("a frame no step expected is held to the contract by the fixture, not by this step");
        _reporter.Frames.Select(f => f.Name).Should().Equal("sent match", "unexpected frame");
    }

    [Test]
    public async Task A_refused_message_is_the_servers_reply_to_the_last_request()
    {
        await using var im = await ImServerApi.ConnectAsync(_server.BaseUrl, "spec-refused", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), Contract);

        await im.SendNormalAsync("cf2137234f3943e3898df8fcd14f099a__mtx", "你好");
        var refusal = await im.ReceiveReplyAsync("the refusal");

        refusal.Should().BeRefusal(Refusal.NoTeacher, "spec-refused");
        refusal.Conformance!.Expected.Should().Contain("noTeacherRefusal").And.Contain("matchReply").And.Contain("unreadableFrameRefusal");
        _reporter.Steps.Last().Should().Be("receive the refusal");
    }

    [Test]
    public async Task A_step_leaves_the_frames_it_does_not_want_in_the_inbox_for_later_steps()
    {
        await using var im = await ImServerApi.ConnectAsync(_server.BaseUrl, "spec-order", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), Contract);
        var match = await im.MatchAsync();
        await im.SendNormalAsync(match.Msg!, "你好");
        await Task.Delay(200); // the receipt and the reply are both in the inbox now, the receipt first

        var reply = await im.ReceiveTeacherReplyAsync();
        var receipt = await im.ReceiveReceiptAsync();

        reply.Should().BeTeacherPush(match.Msg!, "spec-order", FieldMatcher.Is(Protocol.Greeting));
        receipt.Should().BeReceipt("spec-order");
    }

    [Test]
    public async Task The_teachers_seat_hears_the_customer_as_the_customer_wrote()
    {
        await using var customer = await ImServerApi.ConnectAsync(_server.BaseUrl, "spec-seated", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), Contract);
        var teacher = (await customer.MatchAsync()).Msg!;
        await using var seat = await ImServerApi.ConnectAsync(_server.BaseUrl, teacher, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), Contract);

        await customer.SendNormalAsync(teacher, "在吗");
        var heard = await seat.ReceiveCustomerMessageAsync();

        heard.Should().BeRelayOf(ImRequest.NormalMessage("spec-seated", teacher, "在吗"));
        _reporter.Steps.Should().Contain("receive the customer's message (type normal, not from system)");
    }

    [Test]
    public async Task Without_a_contract_a_step_hands_on_the_frame_unchecked()
    {
        await using var im = await ImServerApi.ConnectAsync(_server.BaseUrl, "spec-free", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

        var match = await im.MatchAsync();
        var any = await im.ReceiveMatchingAsync(_ => true, "nothing more", TimeSpan.FromMilliseconds(200)).ContinueWith(t => t.IsFaulted);

        match.Conformance.Should().BeNull();
        any.Should().BeTrue("no frame came, so the wait ends with a timeout");
    }

    [Test]
    public async Task Missing_arguments_of_a_connections_steps_are_named()
    {
        await using var im = await ImServerApi.ConnectAsync(_server.BaseUrl, "spec-guarded", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), Contract);

        (await im.Awaiting(a => a.SendRequestAsync(null!)).Should().ThrowAsync<ArgumentNullException>()).WithParameterName("request");
        (await im.Awaiting(a => a.ReceiveAsync(_ => true, "a frame", null!)).Should().ThrowAsync<ArgumentNullException>()).WithParameterName("operations");
        (await im.Awaiting(a => a.ReceiveAsync(null!, "a frame", [])).Should().ThrowAsync<ArgumentNullException>()).WithParameterName("predicate");
        (await im.Awaiting(a => a.ReceiveMatchingAsync(null!, "a frame", TimeSpan.FromSeconds(1))).Should().ThrowAsync<ArgumentNullException>()).WithParameterName("predicate");
    }

    [Test]
    public async Task A_server_that_never_answers_the_handshake_is_given_up_after_the_connect_timeout_asked_for()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var url = new Uri($"ws://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/pinter/imserver");

        var connect = () => ImServerApi.ConnectAsync(url, "spec-unanswered", TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(5));

        await connect.Should().ThrowAsync<ServerUnreachableException>().WithMessage("*no WebSocket handshake within 0.3 s*");
    }

    private sealed class RecordingReporter : IExchangeReporter
    {
        public List<string> Steps { get; } = [];

        public List<(string Name, string Json)> Frames { get; } = [];

        public List<(string Name, string Value)> Parameters { get; } = [];

        public Task<T> StepAsync<T>(string name, Func<Task<T>> body)
        {
            lock (Steps)
            {
                Steps.Add(name);
            }

            return body();
        }

        public void AttachFrame(string name, string json)
        {
            lock (Frames)
            {
                Frames.Add((name, json));
            }
        }

        public void AddParameter(string name, string value)
        {
            lock (Parameters)
            {
                Parameters.Add((name, value));
            }
        }
    }
}
