using System.Text;
using ImServerTests.Client;
using ImServerTests.Client.Framing;
using ImServerTests.Server;
using ImServerTests.Server.Conversation;
using ImServerTests.Server.Security;

namespace ImServerTests.Specs.Client;

/// <summary>
/// The frame-level client: against the embedded server (Kestrel's WebSocket) for what a correct server does, and
/// against a scripted TCP server for a peer that breaks the RFC, with the exact message a reader sees.
/// </summary>
[AllureEpic("Client")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("WebSocket framer")]
public sealed class WebSocketFramerSpecs
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static readonly ConnectionOptions Options = new() { ConnectTimeout = Wait };
    private ImServer _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _server = await ImServer.StartAsync(new ImServerOptions { ReplyDelay = ThinkTime.None });

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task A_request_gets_its_answer_as_one_text_frame()
    {
        await using var framer = await WebSocketFramer.ConnectAsync(UserUrl("framer-match"), Options);

        await framer.SendTextAsync("""{"type":"match","from":"framer-match","to":"system"}""");
        var reply = await framer.ReceiveMessageAsync("the match reply", Wait);

        reply.Opcode.Should().Be(Opcode.Text);
        reply.Frames.Should().ContainSingle().Which.Fin.Should().BeTrue();
        reply.Text.Should().Contain("\"type\":\"match\"").And.Contain("\"to\":\"framer-match\"");
    }

    [TestCase(0, TestName = "A ping with no payload is answered by a pong with none")]
    [TestCase(5, TestName = "A ping of 5 bytes is answered by a pong with those bytes")]
    [TestCase(125, TestName = "A ping of 125 bytes, the most a control frame carries, is answered by a pong with those bytes")]
    public async Task A_ping_is_answered_by_a_pong_with_its_payload(int length)
    {
        await using var framer = await WebSocketFramer.ConnectAsync(UserUrl("framer-ping"), Options);
        var payload = Enumerable.Range(0, length).Select(i => (byte)(i * 7)).ToArray();

        var sentAt = await framer.SendAsync(WebSocketFrame.Ping(payload));
        var pong = await framer.ReceiveAsync(frame => frame.Opcode == Opcode.Pong, "the pong", Wait);

        pong.Payload.Should().Equal(payload);
        pong.ArrivedAt.Should().BeGreaterThan(sentAt);
    }

    [Test]
    public async Task A_close_is_answered_by_a_close_with_its_code_and_then_the_server_ends_the_connection()
    {
        await using var framer = await WebSocketFramer.ConnectAsync(UserUrl("framer-close"), Options);

        await framer.SendAsync(WebSocketFrame.Close(4000, "done"));
        var close = await framer.ReceiveAsync(frame => frame.Opcode == Opcode.Close, "the close answering ours", Wait);

        close.CloseCode.Should().Be(4000);
        close.CloseReason.Should().Be("done");
        (await framer.EndsWithinAsync(Wait)).Should().BeTrue();
        framer.Ending.Should().Be("the server ended the TCP connection");
        framer.Transcript.ToString().Should().ContainAll("-> close 4000 'done'", "<- close 4000 'done'", "xx the server ended the TCP connection");
    }

    [Test]
    public async Task A_message_in_fragments_split_inside_a_character_with_a_ping_between_is_one_message_to_the_server()
    {
        await using var framer = await WebSocketFramer.ConnectAsync(UserUrl("framer-fragments"), Options);
        var bytes = Encoding.UTF8.GetBytes("""{"type":"match","from":"你好","to":"system"}""");
        var inside = Array.IndexOf(bytes, (byte)0xE4) + 1; // after the first byte of 你

        await framer.SendAsync(new WebSocketFrame(Opcode.Text, bytes[..inside], Fin: false));
        await framer.SendAsync(WebSocketFrame.Ping("between"u8.ToArray()));
        await framer.SendAsync(WebSocketFrame.Continuation(bytes[inside..], fin: true));
        var pong = await framer.ReceiveAsync(frame => frame.Opcode == Opcode.Pong, "the pong", Wait);
        var reply = await framer.ReceiveMessageAsync("the match reply", Wait);

        pong.Payload.Should().Equal("between"u8.ToArray());
        reply.Text.Should().Contain("\"code\":\"0\"").And.Contain("\"type\":\"match\"", "the three frames made one match request");
    }

    [Test]
    public async Task Over_tls_it_trusts_the_ca_file_and_sends_the_headers_and_query()
    {
        using var certificate = SelfSignedCertificate.Create();
        await using var secured = await ImServer.StartAsync(new ImServerOptions { ReplyDelay = ThinkTime.None, Certificate = certificate, RequiredToken = "framer-token" });
        var url = new Uri($"{secured.BaseUrl}/framer-tls");
        var trusted = Options with { TrustedCertificates = [certificate], Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer framer-token" } };
        var byQuery = Options with { AcceptAnyCertificate = true, Query = new Dictionary<string, string> { ["token"] = "framer-token" } };

        await using (var framer = await WebSocketFramer.ConnectAsync(url, trusted))
        {
            await framer.SendTextAsync("""{"type":"match","from":"framer-tls","to":"system"}""");
            (await framer.ReceiveMessageAsync("the match reply", Wait)).Text.Should().Contain("\"code\":\"0\"");
        }

        await using (var framer = await WebSocketFramer.ConnectAsync(url, byQuery))
        {
            framer.Url.Query.Should().Be("?token=framer-token");
        }

        var untrusted = () => WebSocketFramer.ConnectAsync(url, Options);
        (await untrusted.Should().ThrowAsync<ServerUnreachableException>()).Which.Message.Should()
            .StartWith($"Cannot connect to the server at {url}: the TLS handshake failed: untrusted root").And.EndWith(" (or, for a test server only, tls.insecure: true).");
        var noToken = () => WebSocketFramer.ConnectAsync(url, Options with { TrustedCertificates = [certificate] });
        (await noToken.Should().ThrowAsync<ServerUnreachableException>()).Which.HttpStatus.Should().Be(401);
    }

    [Test]
    public async Task The_upgrade_request_carries_a_fresh_key_the_headers_and_the_query()
    {
        var seen = new TaskCompletionSource<ScriptedPeer>();
        await using var server = ScriptedTcpServer.Start(async peer =>
        {
            await peer.AcceptAsync();
            seen.SetResult(peer);
            await peer.UntilCloseAsync();
        });
        var options = Options with
        {
            Headers = new Dictionary<string, string> { ["X-Trace"] = "t-1" },
            Query = new Dictionary<string, string> { ["token"] = "a b" },
        };

        await using var framer = await WebSocketFramer.ConnectAsync(server.Url, options);
        var request = await seen.Task.WaitAsync(Wait);

        request.Request[0].Should().Be("GET /script?token=a%20b HTTP/1.1");
        request.Header("Host").Should().Be(server.Url.Authority);
        request.Header("Upgrade").Should().Be("websocket");
        request.Header("Connection").Should().Be("Upgrade");
        request.Header("Sec-WebSocket-Version").Should().Be("13");
        Convert.FromBase64String(request.Header("Sec-WebSocket-Key")!).Should().HaveCount(16, "the key is 16 random bytes (RFC 6455 §4.1)");
        request.Header("X-Trace").Should().Be("t-1");
        request.Header("Sec-WebSocket-Protocol").Should().BeNull("none was asked for");
    }

    [Test]
    public async Task A_server_that_agrees_to_none_of_the_subprotocols_is_refused()
    {
        await using var server = ScriptedTcpServer.Start(async peer =>
        {
            await peer.AcceptAsync();
            await peer.WaitForEndAsync();
        });

        var connect = () => WebSocketFramer.ConnectAsync(server.Url, Options with { Subprotocols = ["imserver.v1"] });

        (await connect.Should().ThrowAsync<ServerUnreachableException>()).Which.Message.Should().Be(
            $"Cannot connect to the server at {server.Url}: the server accepts none of the subprotocols imserver.v1 (it answered with none). "
            + "Change subprotocols of the environment to one the server accepts, or remove the key.");
    }

    [Test]
    public async Task A_wrong_Sec_WebSocket_Accept_is_refused_naming_what_the_key_asks_for()
    {
        string? key = null;
        await using var server = ScriptedTcpServer.Start(async peer =>
        {
            await peer.ReadRequestAsync();
            key = peer.Header("Sec-WebSocket-Key");
            await peer.AnswerUpgradeAsync(accept: "bm90IHRoZSByaWdodCBvbmU=");
            await peer.WaitForEndAsync();
        });

        var connect = () => WebSocketFramer.ConnectAsync(server.Url, Options);

        var error = (await connect.Should().ThrowAsync<ServerUnreachableException>()).Which;
        error.Message.Should().Be(
            $"Cannot connect to the server at {server.Url}: the server's Sec-WebSocket-Accept is 'bm90IHRoZSByaWdodCBvbmU=', but the key {key} asks for "
            + $"'{OpeningAccept(key!)}' (RFC 6455 §4.2.2). Something other than a WebSocket server answered, or a proxy between rewrote the upgrade.");
    }

    [Test]
    public async Task A_refused_upgrade_names_the_status_and_what_it_usually_means()
    {
        await using var server = ScriptedTcpServer.Start(async peer =>
        {
            await peer.ReadRequestAsync();
            await peer.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"u8.ToArray());
            await peer.WaitForEndAsync();
        });

        var connect = () => WebSocketFramer.ConnectAsync(server.Url, Options);

        var error = (await connect.Should().ThrowAsync<ServerUnreachableException>()).Which;
        error.Message.Should().Be($"Cannot connect to the server at {server.Url}: the server refused the WebSocket upgrade with HTTP 404. "
            + "404 Not Found: nothing answers at this path. Check the environment's url: it ends in /pinter/imserver, and the user id is appended.");
        error.HttpStatus.Should().Be(404);
    }

    [Test]
    public async Task A_server_that_never_answers_the_upgrade_fails_within_the_connect_timeout()
    {
        await using var server = ScriptedTcpServer.Start(peer => peer.WaitForEndAsync());

        var connect = () => WebSocketFramer.ConnectAsync(server.Url, Options with { ConnectTimeout = TimeSpan.FromMilliseconds(300) });

        (await connect.Should().ThrowAsync<ServerUnreachableException>()).Which.Message.Should().Be(
            $"Cannot connect to the server at {server.Url}: no WebSocket handshake within 0.3 s. {ServerUnreachableException.DefaultHint}");
    }

    [Test]
    public async Task Frames_go_out_masked_in_each_length_form_and_come_back_whole()
    {
        var got = new List<(int Opcode, byte[] Payload, bool Fin, bool Masked)>();
        await using var server = ScriptedTcpServer.Start(async peer =>
        {
            await peer.AcceptAsync();
            for (var i = 0; i < 3; i++)
            {
                var frame = await peer.ReadFrameAsync();
                got.Add(frame);
                await peer.WriteFrameAsync(frame.Opcode, frame.Payload);
            }

            await peer.UntilCloseAsync();
        });
        await using var framer = await WebSocketFramer.ConnectAsync(server.Url, Options);
        string[] texts = [new('a', 125), new('b', 126), new('c', 65_535)];

        foreach (var text in texts)
        {
            await framer.SendTextAsync(text);
        }

        var echoed = new List<string?>();
        foreach (var text in texts)
        {
            echoed.Add((await framer.ReceiveMessageAsync($"the echo of {text.Length} characters", Wait)).Text);
        }

        echoed.Should().Equal(texts);
        got.Should().OnlyContain(frame => frame.Masked && frame.Fin && frame.Opcode == 1, "a client masks every frame (RFC 6455 §5.3)");
    }

    [Test]
    public async Task A_ping_from_the_server_is_answered_with_its_payload_and_its_close_with_its_code()
    {
        var answers = new List<(int Opcode, byte[] Payload, bool Fin, bool Masked)>();
        await using var server = ScriptedTcpServer.Start(async peer =>
        {
            await peer.AcceptAsync();
            await peer.WriteFrameAsync(0x9, "are you there"u8.ToArray());
            answers.Add(await peer.ReadFrameAsync());
            await peer.WriteFrameAsync(0x8, [0x03, 0xF1, (byte)'b', (byte)'i', (byte)'g']);
            answers.Add(await peer.ReadFrameAsync());
        });
        await using var framer = await WebSocketFramer.ConnectAsync(server.Url, Options);

        var close = await framer.ReceiveAsync(frame => frame.Opcode == Opcode.Close, "the server's close", Wait);

        close.ToString().Should().Be("close 1009 'big'");
        (await framer.EndsWithinAsync(Wait)).Should().BeTrue();
        answers.Select(a => (a.Opcode, Convert.ToHexString(a.Payload))).Should().Equal(
            (0xA, Convert.ToHexString("are you there"u8.ToArray())), (0x8, "03F1"));
    }

    [Test]
    public async Task A_timeout_says_what_was_awaited_for_how_long_and_what_arrived_instead()
    {
        await using var server = ScriptedTcpServer.Start(async peer =>
        {
            await peer.AcceptAsync();
            await peer.WriteFrameAsync(0xA, []);
            await peer.WriteTextAsync("""{"type":"receipt"}""");
            await peer.UntilCloseAsync();
        });
        await using var framer = await WebSocketFramer.ConnectAsync(server.Url, Options);

        var wait = () => framer.ReceiveAsync(frame => frame.Opcode == Opcode.Pong && frame.Payload.Length == 3, "the pong to ping 'abc'", TimeSpan.FromMilliseconds(300));

        (await wait.Should().ThrowAsync<FrameTimeoutException>()).Which.Message.Should().Be(
            $"Timed out after 0.3 s waiting for the pong to ping 'abc' on {server.Url}. Frames that arrived but did not match (2):{Environment.NewLine}"
            + $"  pong (empty){Environment.NewLine}  text '{{\"type\":\"receipt\"}}'");
    }

    [Test]
    public async Task A_server_that_ends_the_connection_without_a_close_is_named_so_while_waiting()
    {
        await using var server = ScriptedTcpServer.Start(async peer =>
        {
            await peer.AcceptAsync();
            await peer.ReadFrameAsync();
        });
        await using var framer = await WebSocketFramer.ConnectAsync(server.Url, Options);

        await framer.SendAsync(WebSocketFrame.Close(1000, "bye"));
        var wait = () => framer.ReceiveAsync(frame => frame.Opcode == Opcode.Close, "the close answering ours", Wait);

        (await wait.Should().ThrowAsync<ServerClosedException>()).Which.Message.Should().Be(
            $"The server closed the connection {server.Url} without a close handshake (the server ended the TCP connection) while waiting for the close answering ours. "
            + "No frame arrived meanwhile.");
    }

    [Test]
    public async Task A_server_close_then_the_end_is_named_with_its_code_while_waiting()
    {
        await using var server = ScriptedTcpServer.Start(async peer =>
        {
            await peer.AcceptAsync();
            await peer.ReadFrameAsync();
            await peer.WriteFrameAsync(0x8, [0x03, 0xF1, (byte)'b', (byte)'i', (byte)'g']);
        });
        await using var framer = await WebSocketFramer.ConnectAsync(server.Url, Options);

        await framer.SendTextAsync(new string('x', 10));
        var wait = () => framer.ReceiveMessageAsync("the receipt", Wait);

        (await wait.Should().ThrowAsync<ServerClosedException>()).Which.Message.Should().Be(
            $"The server closed the connection {server.Url} with close status 1009 (MessageTooBig: big; then the server ended the TCP connection) while waiting for the receipt. "
            + $"Frames that arrived but did not match (1):{Environment.NewLine}  close 1009 'big'");
    }

    [TestCase(0x81, 0x80, "a masked Text frame: a server must not mask what it sends (§5.1)", TestName = "A masked frame from the server breaks the RFC")]
    [TestCase(0xC1, 0x00, "RSV bits 0x4 set although no extension was agreed (§5.2)", TestName = "A reserved bit breaks the RFC")]
    [TestCase(0x83, 0x00, "the reserved opcode 0x3 (§5.2)", TestName = "A reserved opcode breaks the RFC")]
    [TestCase(0x09, 0x00, "a Ping frame that is fragmented: control frames are whole and short (§5.5)", TestName = "A fragmented ping breaks the RFC")]
    [TestCase(0x80, 0x00, "a continuation (final) (empty) that continues no message (§5.4)", TestName = "A continuation of nothing breaks the RFC")]
    public async Task A_frame_that_breaks_the_RFC_ends_the_connection_naming_the_rule(int first, int second, string rule)
    {
        await using var server = ScriptedTcpServer.Start(async peer =>
        {
            await peer.AcceptAsync();
            await peer.WriteAsync((second & 0x80) != 0 ? [(byte)first, (byte)second, 1, 2, 3, 4] : [(byte)first, (byte)second]);
            await peer.WaitForEndAsync();
        });
        await using var framer = await WebSocketFramer.ConnectAsync(server.Url, Options);

        var wait = () => framer.ReceiveMessageAsync("the reply", Wait);

        (await wait.Should().ThrowAsync<ServerClosedException>()).Which.Message.Should().Be(
            $"The server closed the connection {server.Url} without a close handshake (the server broke RFC 6455: {rule}) while waiting for the reply. No frame arrived meanwhile.");
    }

    [Test]
    public async Task A_frame_after_the_servers_close_breaks_the_RFC()
    {
        await using var server = ScriptedTcpServer.Start(async peer =>
        {
            await peer.AcceptAsync();
            await peer.WriteFrameAsync(0x8, [0x03, 0xE8]);
            await peer.WriteTextAsync("late");
            await peer.WaitForEndAsync();
        });
        await using var framer = await WebSocketFramer.ConnectAsync(server.Url, Options);

        (await framer.EndsWithinAsync(Wait)).Should().BeTrue();

        framer.Ending.Should().Be("the server broke RFC 6455: a text 'late' after its close 1000: nothing may follow a close frame (§5.5.1)");
    }

    [Test]
    public async Task A_fragmented_text_message_split_inside_a_character_is_put_together_and_is_valid_UTF8()
    {
        var bytes = Encoding.UTF8.GetBytes("你好");
        await using var server = ScriptedTcpServer.Start(async peer =>
        {
            await peer.AcceptAsync();
            await peer.WriteFrameAsync(0x1, bytes[..2], fin: false);
            await peer.WriteFrameAsync(0x9, []);
            await peer.WriteFrameAsync(0x0, bytes[2..4], fin: false);
            await peer.WriteFrameAsync(0x0, bytes[4..], fin: true);
            await peer.UntilCloseAsync();
        });
        await using var framer = await WebSocketFramer.ConnectAsync(server.Url, Options);

        var message = await framer.ReceiveMessageAsync("the greeting", Wait);

        message.Text.Should().Be("你好");
        message.Frames.Select(f => f.ToString()).Should().Equal("text (not final) 0xe4bd (2 bytes)", "continuation (not final) 0xa0e5 (2 bytes)", "continuation (final) 0xa5bd (2 bytes)");
        message.ToString().Should().Be("text message '你好' in 3 frames");
        new WebSocketMessage(Opcode.Text, bytes[..2], []).Text.Should().BeNull("half a character is not UTF-8");
    }

    [Test]
    public void A_frame_reads_in_words()
    {
        using (new AssertionScope())
        {
            WebSocketFrame.Close(1001, "going away").ToString().Should().Be("close 1001 'going away'");
            new WebSocketFrame(Opcode.Close, []).ToString().Should().Be("close without a code");
            WebSocketFrame.Ping("abc"u8.ToArray()).ToString().Should().Be("ping 'abc'");
            WebSocketFrame.Pong([0, 1, 255]).ToString().Should().Be("pong 0x0001ff (3 bytes)");
            new WebSocketFrame(Opcode.Binary, [1, 2]).ToString().Should().Be("binary 0x0102 (2 bytes)");
            WebSocketFrame.Text("hi", fin: false).ToString().Should().Be("text (not final) 'hi'");
            WebSocketFrame.Text(new string('x', 301)).ToString().Should().Be($"text '{new string('x', 300)}...' (301 bytes)");
        }
    }

    private Uri UserUrl(string user) => new($"{_server.BaseUrl}/{user}");

    private static string OpeningAccept(string key) =>
        Convert.ToBase64String(System.Security.Cryptography.SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
}
