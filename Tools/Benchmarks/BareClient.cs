using System.Diagnostics;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ImServerTests.Benchmarks;

/// <summary>
/// The floor under the load command's cost: the benchmark conversation (Tools/Benchmarks/load/conversation.yml) played
/// by about the least a .NET client can do. Each frame is parsed only to find the one the conversation waits for;
/// nothing is checked, timed or recorded. compare.sh runs it beside the load command and Locust's Python users, so
/// its table shows how much of a session's CPU is the load command's checking and how much is the sockets and the
/// WebSocket any .NET client pays for. Not a load driver: it has no statistics, no scenario and no report.
/// </summary>
internal sealed class BareClient(Uri url, BareClient.Handshake handshake)
{
    public enum Handshake
    {
        /// <summary>ClientWebSocket over one shared HTTP handler, as the load command connects.</summary>
        ClientWebSocket,

        /// <summary>The HTTP upgrade written and read on a socket stream, then WebSocket.CreateFromStream.</summary>
        SocketStream,
    }

    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FailurePause = TimeSpan.FromMilliseconds(100);
    private static readonly HttpMessageInvoker SharedHandler = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, UseCookies = false });

    private readonly HashSet<string> _reported = [];
    private long _sessions;
    private long _failures;

    public sealed record Result(long Sessions, double Seconds, long Failures);

    /// <summary>Plays sessions with <paramref name="users"/> users, each one after the other, until the run time ends or <paramref name="stop"/> fires.</summary>
    public async Task<Result> RunAsync(int users, TimeSpan runTime, CancellationToken stop)
    {
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(stop);
        ending.CancelAfter(runTime);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, users).Select(_ => Task.Run(() => UserAsync(ending.Token)))).ConfigureAwait(false);
        return new Result(_sessions, Math.Min(clock.Elapsed.TotalSeconds, runTime.TotalSeconds), _failures);
    }

    private async Task UserAsync(CancellationToken ending)
    {
        var buffer = new byte[16 * 1024];
        while (!ending.IsCancellationRequested)
        {
            try
            {
                await PlaySessionAsync(buffer, ending).ConfigureAwait(false);
                Interlocked.Increment(ref _sessions);
            }
            catch (Exception) when (ending.IsCancellationRequested)
            {
                return; // cut short by the end of the run (cancelled, or the socket aborted by it): neither a session nor a failure
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref _failures);
                Report(e);
                await Task.Delay(FailurePause, ending).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false); // a server that is down is not hammered
            }
        }
    }

    private async Task PlaySessionAsync(byte[] buffer, CancellationToken ending)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ending);
        timeout.CancelAfter(SessionTimeout);
        var token = timeout.Token;
        var customer = "bare-" + Guid.NewGuid().ToString("N")[..12];
        using var socket = await ConnectAsync(new Uri($"{url.ToString().TrimEnd('/')}/{customer}"), token).ConfigureAwait(false);
        await SendAsync(socket, $$"""{"type":"match","from":"{{customer}}","to":"system"}""", token).ConfigureAwait(false);
        var teacher = await ReceiveAsync(socket, buffer, frame => frame.GetProperty("type").ValueEquals("match") ? frame.GetProperty("msg").GetString() : null, token).ConfigureAwait(false);
        await SendAsync(socket, $$"""{"type":"normal","from":"{{customer}}","to":"{{teacher}}","msg":"你好"}""", token).ConfigureAwait(false);
        await ReceiveAsync(socket, buffer, frame => frame.GetProperty("type").ValueEquals("receipt") ? "" : null, token).ConfigureAwait(false);
        await ReceiveAsync(socket, buffer, frame => frame.GetProperty("type").ValueEquals("normal") ? "" : null, token).ConfigureAwait(false);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", token).ConfigureAwait(false);
    }

    private static Task SendAsync(WebSocket socket, string text, CancellationToken token) =>
        socket.SendAsync(new ReadOnlyMemory<byte>(Encoding.UTF8.GetBytes(text)), WebSocketMessageType.Text, endOfMessage: true, token).AsTask();

    /// <summary>Reads whole messages until <paramref name="wanted"/> returns a value for one.</summary>
    private static async Task<string> ReceiveAsync(WebSocket socket, byte[] buffer, Func<JsonElement, string?> wanted, CancellationToken token)
    {
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == buffer.Length)
                {
                    throw new InvalidDataException($"a message longer than {buffer.Length} bytes");
                }

                result = await socket.ReceiveAsync(buffer.AsMemory(length), token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    throw new WebSocketException($"the server closed the connection ({socket.CloseStatus} {socket.CloseStatusDescription})");
                }

                length += result.Count;
            }
            while (!result.EndOfMessage);

            using var frame = JsonDocument.Parse(buffer.AsMemory(0, length));
            if (wanted(frame.RootElement) is { } found)
            {
                return found;
            }
        }
    }

    private Task<WebSocket> ConnectAsync(Uri target, CancellationToken token) => handshake == Handshake.ClientWebSocket
        ? ConnectWithClientWebSocketAsync(target, token)
        : ConnectOnSocketStreamAsync(target, token);

    private static async Task<WebSocket> ConnectWithClientWebSocketAsync(Uri target, CancellationToken token)
    {
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(target, SharedHandler, token).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    // The upgrade of RFC 6455 section 4.1, and its checks: status 101 and the Sec-WebSocket-Accept derived from the key.
    private static async Task<WebSocket> ConnectOnSocketStreamAsync(Uri target, CancellationToken token)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        NetworkStream? stream = null;
        try
        {
            await socket.ConnectAsync(target.Host, target.Port, token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            var request = $"GET {target.PathAndQuery} HTTP/1.1\r\nHost: {target.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request), token).ConfigureAwait(false);

            var response = new byte[4096];
            var length = 0;
            int end;
            while ((end = response.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
            {
                var read = length < response.Length ? await stream.ReadAsync(response.AsMemory(length), token).ConfigureAwait(false) : 0;
                if (read == 0)
                {
                    throw new WebSocketException(length < response.Length ? "the server closed the connection during the upgrade" : "an upgrade response longer than 4 KiB");
                }

                length += read;
            }

            var head = Encoding.ASCII.GetString(response, 0, end);
            if (!head.StartsWith("HTTP/1.1 101", StringComparison.Ordinal))
            {
                throw new WebSocketException($"the server did not accept the upgrade: {head.Split("\r\n")[0]}");
            }

            var expected = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + AcceptGuid)));
            if (!(head + "\r\n").Contains($"\r\nSec-WebSocket-Accept: {expected}\r\n", StringComparison.OrdinalIgnoreCase))
            {
                throw new WebSocketException($"the server's Sec-WebSocket-Accept is not the one the key {key} asks for ({expected})");
            }

            if (end + 4 != length)
            {
                throw new WebSocketException("the server sent a frame before the client's first; the bare client cannot replay it");
            }

            return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = false });
        }
        catch
        {
            if (stream is null)
            {
                socket.Dispose();
            }
            else
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    // Each kind of failure once, so a broken run says why without a line per session.
    private void Report(Exception e)
    {
        var kind = $"{e.GetType().Name}: {e.Message}";
        lock (_reported)
        {
            if (_reported.Count < 10 && _reported.Add(kind))
            {
                Console.Error.WriteLine($"bare client: a session failed: {kind}");
            }
        }
    }
}
