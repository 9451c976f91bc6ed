using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using ImServerTests.Client;

namespace ImServerTests.Specs.Client;

[AllureEpic("Client")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("WebSocket client")]
public sealed class WebSocketClientSpecs
{
    private static readonly TimeSpan Connect = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    [Test]
    public async Task A_fragmented_message_is_reassembled_into_one_frame()
    {
        await using var server = await ScriptedServer.StartAsync(async socket =>
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes("{\"msg\":\"你"), WebSocketMessageType.Text, false, default);
            await socket.SendAsync(Encoding.UTF8.GetBytes("好\"}"), WebSocketMessageType.Text, true, default);
            await WaitForCloseAsync(socket);
        });
        await using var client = await WebSocketClient.ConnectAsync(server.Url, Connect);

        (await client.ReceiveAsync(TimeSpan.FromSeconds(5))).Should().Be("{\"msg\":\"你好\"}");
    }

    [Test]
    public async Task Receive_with_a_predicate_takes_the_match_and_leaves_the_rest_in_order()
    {
        await using var server = await ScriptedServer.StartAsync(async socket =>
        {
            foreach (var text in new[] { "a", "b", "c" })
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, default);
            }

            await WaitForCloseAsync(socket);
        });
        await using var client = await WebSocketClient.ConnectAsync(server.Url, Connect);

        (await client.ReceiveAsync(f => f == "b", "frame b", TimeSpan.FromSeconds(5))).Should().Be("b");
        client.Inbox.Should().Equal("a", "c");
        (await client.ReceiveAsync(TimeSpan.FromSeconds(5))).Should().Be("a");
    }

    [Test]
    public async Task A_timeout_says_what_was_awaited_for_how_long_and_what_arrived()
    {
        await using var server = await ScriptedServer.StartAsync(async socket =>
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes("{\"type\":\"receipt\"}"), WebSocketMessageType.Text, true, default);
            await WaitForCloseAsync(socket);
        });
        await using var client = await WebSocketClient.ConnectAsync(server.Url, Connect);

        var wait = () => client.ReceiveAsync(f => f.Contains("match", StringComparison.Ordinal), "the match reply", Short);

        var error = (await wait.Should().ThrowAsync<FrameTimeoutException>()).Which;
        error.Message.Should().ContainAll("Timed out after 0.3 s", "the match reply", server.Url.ToString(), "{\"type\":\"receipt\"}");
        error.Arrived.Should().Equal("{\"type\":\"receipt\"}");
    }

    [Test]
    public async Task A_server_close_is_surfaced_with_its_status()
    {
        await using var server = await ScriptedServer.StartAsync(async socket =>
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.InternalServerError, "boom", default);
            await WaitForCloseAsync(socket);
        });
        await using var client = await WebSocketClient.ConnectAsync(server.Url, Connect);

        var wait = () => client.ReceiveAsync(TimeSpan.FromSeconds(5));

        var error = (await wait.Should().ThrowAsync<ServerClosedException>()).Which;
        error.CloseStatus.Should().Be(WebSocketCloseStatus.InternalServerError);
        error.Message.Should().ContainAll("1011", "boom", "waiting for the next frame");
    }

    [Test]
    public async Task Connecting_to_a_closed_port_names_the_url()
    {
        var url = new Uri($"ws://127.0.0.1:{FreePort.Next()}/pinter/imserver/nobody");

        var connect = () => WebSocketClient.ConnectAsync(url, Connect);

        var error = (await connect.Should().ThrowAsync<ServerUnreachableException>()).Which;
        error.Message.Should().Contain(url.ToString()).And.Contain("Cannot connect");
    }

    [Test]
    public async Task A_server_that_never_completes_the_handshake_fails_within_the_connect_timeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = new Uri($"ws://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/pinter/imserver/nobody");

        var connect = () => WebSocketClient.ConnectAsync(url, Short);

        var error = (await connect.Should().ThrowAsync<ServerUnreachableException>()).Which;
        error.Message.Should().Contain("no WebSocket handshake within 0.3 s").And.Contain(url.ToString());
    }

    [Test]
    public async Task The_transcript_holds_every_frame_in_order()
    {
        await using var server = await ScriptedServer.StartAsync(async socket =>
        {
            var buffer = new byte[1024];
            var result = await socket.ReceiveAsync(buffer, default);
            await socket.SendAsync(buffer.AsMemory(0, result.Count), WebSocketMessageType.Text, true, default);
            await WaitForCloseAsync(socket);
        });
        await using var client = await WebSocketClient.ConnectAsync(server.Url, Connect);

        await client.SendAsync("ping");
        await client.ReceiveAsync(TimeSpan.FromSeconds(5));

        client.Transcript.Entries.Select(e => (e.Direction, e.Text)).Should().Equal(
            (FrameDirection.Sent, "ping"), (FrameDirection.Received, "ping"));
        client.Transcript.ToString().Should().Contain("-> ping").And.Contain("<- ping");
    }

    [Test]
    public async Task An_empty_frame_a_frame_larger_than_the_read_buffer_and_a_binary_frame_arrive_in_order()
    {
        var large = string.Concat(Enumerable.Repeat("0123456789你好", 10_000)); // 160,000 bytes: many reads of the loop
        await using var server = await ScriptedServer.StartAsync(async socket =>
        {
            await socket.SendAsync(Array.Empty<byte>(), WebSocketMessageType.Text, true, default);
            await socket.SendAsync(Encoding.UTF8.GetBytes(large), WebSocketMessageType.Text, true, default);
            await socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, default);
            await socket.SendAsync(Encoding.UTF8.GetBytes("last"), WebSocketMessageType.Text, true, default);
            await WaitForCloseAsync(socket);
        });
        await using var client = await WebSocketClient.ConnectAsync(server.Url, Connect);

        var received = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            received.Add(await client.ReceiveAsync(TimeSpan.FromSeconds(5)));
        }

        received.Should().Equal("", large, "<binary frame of 3 bytes>", "last");
    }

    [Test]
    public async Task Control_frames_while_the_connection_waits_between_messages_are_not_messages()
    {
        // The server's keep-alive sends a pong every 20 ms; the client waits for its next message with an empty buffer.
        await using var server = await ScriptedServer.StartAsync(async socket =>
        {
            await Task.Delay(300);
            await socket.SendAsync(Encoding.UTF8.GetBytes("after the pongs"), WebSocketMessageType.Text, true, default);
            await WaitForCloseAsync(socket);
        }, keepAlive: TimeSpan.FromMilliseconds(20));
        await using var client = await WebSocketClient.ConnectAsync(server.Url, Connect);

        (await client.ReceiveAsync(TimeSpan.FromSeconds(5))).Should().Be("after the pongs");
        client.Inbox.Should().BeEmpty();
    }

    [Test]
    public async Task A_close_in_the_middle_of_a_fragmented_message_ends_the_connection_without_delivering_the_fragment()
    {
        await using var server = await ScriptedServer.StartAsync(async socket =>
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes("{\"msg\":\"half"), WebSocketMessageType.Text, false, default);
            await socket.CloseOutputAsync(WebSocketCloseStatus.InternalServerError, "gone mid-message", default);
            await WaitForCloseAsync(socket);
        });
        await using var client = await WebSocketClient.ConnectAsync(server.Url, Connect);

        var wait = () => client.ReceiveAsync(TimeSpan.FromSeconds(5));

        var error = (await wait.Should().ThrowAsync<ServerClosedException>()).Which;
        error.CloseStatus.Should().Be(WebSocketCloseStatus.InternalServerError);
        client.Inbox.Should().BeEmpty();
    }

    [Test]
    public async Task A_message_over_16_MiB_ends_the_connection_and_says_why()
    {
        await using var server = await ScriptedServer.StartAsync(async socket =>
        {
            var chunk = new byte[1024 * 1024];
            Array.Fill(chunk, (byte)'a');
            try
            {
                for (var i = 0; i < 17; i++)
                {
                    await socket.SendAsync(chunk, WebSocketMessageType.Text, endOfMessage: false, default);
                }

                await socket.SendAsync(chunk, WebSocketMessageType.Text, endOfMessage: true, default);
            }
            catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
            {
                // the client aborted the connection, as it should
            }
        });
        await using var client = await WebSocketClient.ConnectAsync(server.Url, Connect);

        var wait = () => client.ReceiveAsync(TimeSpan.FromSeconds(10));

        (await wait.Should().ThrowAsync<ServerClosedException>()).Which.Message.Should().Contain("the server sent a message over 16777216 bytes");
    }

    [Test]
    public void A_transcript_with_a_capacity_keeps_the_latest_frames_and_says_how_many_it_left_out()
    {
        var transcript = new Transcript(capacity: 2);

        foreach (var text in new[] { "one", "two", "three" })
        {
            transcript.Add(FrameDirection.Sent, text);
        }

        using (new AssertionScope())
        {
            transcript.Entries.Select(e => e.Text).Should().Equal("two", "three");
            transcript.LeftOut.Should().Be(1);
            transcript.ToString().Should().StartWith("(1 earlier frames not kept)").And.Contain("-> three").And.NotContain("one");
        }
    }

    [Test]
    public async Task A_connection_whose_transcript_keeps_no_frame_still_sends_and_receives()
    {
        await using var server = await ScriptedServer.StartAsync(async socket =>
        {
            var buffer = new byte[1024];
            var result = await socket.ReceiveAsync(buffer, default);
            await socket.SendAsync(buffer.AsMemory(0, result.Count), WebSocketMessageType.Text, true, default);
            await WaitForCloseAsync(socket);
        });
        await using var client = await WebSocketClient.ConnectAsync(server.Url, new ConnectionOptions { ConnectTimeout = Connect, TranscriptFrames = 0 });

        await client.SendAsync("ping");

        (await client.ReceiveAsync(TimeSpan.FromSeconds(5))).Should().Be("ping");
        client.Transcript.Entries.Should().BeEmpty();
        client.Transcript.LeftOut.Should().Be(2);
    }

    [Test]
    public async Task A_negative_transcript_capacity_is_refused_before_connecting()
    {
        var connect = () => WebSocketClient.ConnectAsync(new Uri("ws://127.0.0.1:9/nobody"), new ConnectionOptions { TranscriptFrames = -1 });

        (await connect.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("TranscriptFrames is -1");
    }

    private static async Task WaitForCloseAsync(WebSocket socket)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, default);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", default);
                }
            }
        }
        catch (WebSocketException)
        {
            // the client went away
        }
    }
}
