using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace ImServerTests.Specs.Client;

/// <summary>
/// A server on a bare TCP socket that plays one script per connection, byte by byte: for a peer that misbehaves in
/// ways a WebSocket library never would (a wrong Sec-WebSocket-Accept, a masked frame, a TCP end without a close).
/// Its frames are written and read here, on purpose not with the framer under test.
/// </summary>
internal sealed class ScriptedTcpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Task _accepting;
    private readonly CancellationTokenSource _stop = new();

    private ScriptedTcpServer(Func<ScriptedPeer, Task> script)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Url = new Uri($"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/script");
        _accepting = AcceptAsync(script);
    }

    public Uri Url { get; }

    /// <summary>What the scripts failed with, if anything: a spec checks it is empty when the script's own steps matter.</summary>
    public List<Exception> ScriptFailures { get; } = [];

    public static ScriptedTcpServer Start(Func<ScriptedPeer, Task> script) => new(script);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }

    private async Task AcceptAsync(Func<ScriptedPeer, Task> script)
    {
        var running = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                running.Add(Task.Run(async () =>
                {
                    using (client)
                    {
                        try
                        {
                            await script(new ScriptedPeer(client.GetStream(), _stop.Token));
                        }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            lock (ScriptFailures)
                            {
                                ScriptFailures.Add(e);
                            }
                        }
                        catch (OperationCanceledException)
                        {
                            // the server is stopping
                        }
                    }
                }));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopped
        }

        await Task.WhenAll(running);
    }
}

/// <summary>One connection of the scripted server: its request, its answer and its frames, all bounded by the server's stop.</summary>
internal sealed class ScriptedPeer(NetworkStream stream, CancellationToken stop)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public NetworkStream Stream { get; } = stream;

    /// <summary>The request's head, line by line, once read.</summary>
    public IReadOnlyList<string> Request { get; private set; } = [];

    /// <summary>The request's header of that name, or null.</summary>
    public string? Header(string name) =>
        Request.Skip(1).Select(line => line.Split(':', 2)).Where(parts => parts.Length == 2 && parts[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            .Select(parts => parts[1].Trim()).FirstOrDefault();

    public async Task ReadRequestAsync()
    {
        using var bound = Bounded();
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await Stream.ReadAsync(one, bound.Token) == 0)
            {
                throw new EndOfStreamException("the client ended the connection inside its request");
            }

            head.Add(one[0]);
        }

        Request = Encoding.UTF8.GetString([.. head]).Split("\r\n").Where(line => line.Length > 0).ToList();
    }

    /// <summary>Reads the request and answers 101 with the right Sec-WebSocket-Accept, or <paramref name="accept"/> instead.</summary>
    public async Task AcceptAsync(string? accept = null)
    {
        await ReadRequestAsync();
        await AnswerUpgradeAsync(accept);
    }

    /// <summary>Answers the request read with 101 and the right Sec-WebSocket-Accept, or <paramref name="accept"/> instead.</summary>
    public async Task AnswerUpgradeAsync(string? accept = null)
    {
        var key = Header("Sec-WebSocket-Key") ?? "";
        accept ??= Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        await WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n"));
    }

    public async Task WriteAsync(byte[] bytes)
    {
        using var bound = Bounded();
        await Stream.WriteAsync(bytes, bound.Token);
    }

    /// <summary>Writes one frame as a server would (unmasked), or masked when asked to misbehave.</summary>
    public Task WriteFrameAsync(int opcode, byte[] payload, bool fin = true, bool masked = false)
    {
        var head = new List<byte> { (byte)((fin ? 0x80 : 0) | opcode) };
        var mask = masked ? 0x80 : 0;
        if (payload.Length < 126)
        {
            head.Add((byte)(mask | payload.Length));
        }
        else
        {
            head.Add((byte)(mask | 126));
            head.Add((byte)(payload.Length >> 8));
            head.Add((byte)payload.Length);
        }

        var body = payload;
        if (masked)
        {
            byte[] key = [1, 2, 3, 4];
            head.AddRange(key);
            body = payload.Select((b, i) => (byte)(b ^ key[i % 4])).ToArray();
        }

        return WriteAsync([.. head, .. body]);
    }

    public Task WriteTextAsync(string text, bool fin = true) => WriteFrameAsync(0x1, Encoding.UTF8.GetBytes(text), fin);

    /// <summary>The client's next frame: opcode, payload (unmasked), FIN, and whether the client masked it.</summary>
    public async Task<(int Opcode, byte[] Payload, bool Fin, bool Masked)> ReadFrameAsync()
    {
        using var bound = Bounded();
        var head = new byte[2];
        await Stream.ReadExactlyAsync(head, bound.Token);
        var masked = (head[1] & 0x80) != 0;
        long length = head[1] & 0x7F;
        if (length == 126)
        {
            var extended = new byte[2];
            await Stream.ReadExactlyAsync(extended, bound.Token);
            length = BinaryPrimitives.ReadUInt16BigEndian(extended);
        }
        else if (length == 127)
        {
            var extended = new byte[8];
            await Stream.ReadExactlyAsync(extended, bound.Token);
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(extended);
        }

        var key = new byte[masked ? 4 : 0];
        await Stream.ReadExactlyAsync(key, bound.Token);
        var payload = new byte[length];
        await Stream.ReadExactlyAsync(payload, bound.Token);
        if (masked)
        {
            for (var i = 0; i < payload.Length; i++)
            {
                payload[i] ^= key[i % 4];
            }
        }

        return (head[0] & 0x0F, payload, (head[0] & 0x80) != 0, masked);
    }

    /// <summary>Reads the client's frames until its close frame, then returns (and the connection ends); or until it ends the connection.</summary>
    public async Task UntilCloseAsync()
    {
        try
        {
            while ((await ReadFrameAsync()).Opcode != 0x8)
            {
            }
        }
        catch (Exception e) when (e is EndOfStreamException or IOException)
        {
            // the client ended the connection first
        }
    }

    /// <summary>Waits until the client ends the connection (or the bound passes).</summary>
    public async Task WaitForEndAsync()
    {
        using var bound = Bounded();
        var buffer = new byte[1024];
        try
        {
            while (await Stream.ReadAsync(buffer, bound.Token) > 0)
            {
            }
        }
        catch (IOException)
        {
            // reset by the client: ended all the same
        }
    }

    private CancellationTokenSource Bounded()
    {
        var bound = CancellationTokenSource.CreateLinkedTokenSource(stop);
        bound.CancelAfter(Bound);
        return bound;
    }
}
