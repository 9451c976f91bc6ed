using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using ImServerTests.Shared;

namespace ImServerTests.Client.Framing;

/// <summary>
/// A WebSocket client at the level of frames (RFC 6455 §5.2), on a socket of its own, for what ClientWebSocket cannot
/// send: a ping with a chosen payload, a control frame between the fragments of a message, a close with a chosen code
/// and nothing after it. It makes the opening handshake itself and checks the server's answer (§4.2.2), masks what it
/// sends (§5.3), and reads every frame the server sends into an inbox, in order, checking each against the rules a
/// server must keep (no mask, no reserved bits or opcodes, whole and short control frames, fragments in sequence, no
/// frame after its close). It keeps a client's duties by itself: a ping is answered with a pong of the same payload,
/// the server's close with a close of the same code. It connects with the options the suite's client uses (headers,
/// query, subprotocols, TLS trust, connect timeout), every wait is bounded, and a failure names what was awaited, how
/// long, and what came instead.
/// </summary>
public sealed class WebSocketFramer : IAsyncDisposable
{
    /// <summary>The longest payload a frame from the server may carry here.</summary>
    public const int MaxPayload = 16 * 1024 * 1024;

    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long one send may take before the server is taken to read nothing.</summary>
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly Stream _transport;
    private readonly Stream _reader;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _disposing = new();
    private readonly Lock _gate = new();
    private readonly List<WebSocketFrame> _received = [];
    private readonly List<WebSocketFrame> _inbox = [];
    private readonly Task _receiveLoop;
    private TaskCompletionSource _arrival = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _ending;
    private volatile bool _closeSent;

    private WebSocketFramer(Uri url, Socket socket, Stream transport, Stream reader, string? subprotocol)
    {
        Url = url;
        _socket = socket;
        _transport = transport;
        _reader = reader;
        Subprotocol = subprotocol;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>The URL connected to, secrets masked.</summary>
    public Uri Url { get; }

    /// <summary>The subprotocol the server agreed to, if one was asked for.</summary>
    public string? Subprotocol { get; }

    /// <summary>Every frame sent (->) and received (&lt;-), in words, timed; and how the connection ended.</summary>
    public Transcript Transcript { get; } = new();

    /// <summary>Every frame received, in order, whether taken from the inbox or not.</summary>
    public IReadOnlyList<WebSocketFrame> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    /// <summary>Why the connection ended (the server ended the TCP connection, or broke a rule of RFC 6455), or null while it is open.</summary>
    public string? Ending
    {
        get
        {
            lock (_gate)
            {
                return _ending;
            }
        }
    }

    /// <summary>
    /// Opens a TCP connection (TLS for wss://, trusting what the options trust), makes the opening handshake with the
    /// options' headers, query and subprotocols, and checks the answer; all within the connect timeout. A failure is a
    /// <see cref="ServerUnreachableException"/> that names the URL (secrets masked) and why.
    /// </summary>
    public static async Task<WebSocketFramer> ConnectAsync(Uri url, ConnectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(options);
        if (url.Scheme is not ("ws" or "wss"))
        {
            throw new ArgumentException($"'{Secrets.Mask(url.ToString())}' is not a ws:// or wss:// URL", nameof(url));
        }

        var target = options.WithQuery(url);
        var shown = new Uri(Secrets.Mask(target.ToString()));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? transport = null;
        string? certificateProblem = null;
        try
        {
            await socket.ConnectAsync(target.IdnHost, target.Port, deadline.Token).ConfigureAwait(false);
            transport = new NetworkStream(socket, ownsSocket: false);
            if (target.Scheme == "wss")
            {
                var tls = new SslStream(transport, leaveInnerStreamOpen: false);
                transport = tls;
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = target.IdnHost,
                    RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                    {
                        (var trusted, certificateProblem) = CertificateCheck.Decide(certificate, chain, errors, options);
                        return trusted;
                    },
                }, deadline.Token).ConfigureAwait(false);
            }

            // Reads go through a buffer of their own (the handshake's head is read byte by byte); writes go straight out.
            var reader = new BufferedStream(transport, 64 * 1024);
            var handshake = OpeningHandshake.New();
            await transport.WriteAsync(handshake.Request(target, options), deadline.Token).ConfigureAwait(false);
            var (problem, subprotocol) = await handshake.ReadAnswerAsync(reader, options, deadline.Token).ConfigureAwait(false);
            if (problem is not null)
            {
                var hint = problem.HttpStatus is { } status ? HandshakeStatus.Explain(status) : problem.Hint;
                throw new ServerUnreachableException(shown, problem.Reason, hint: hint, httpStatus: problem.HttpStatus);
            }

            return new WebSocketFramer(shown, socket, transport, reader, subprotocol);
        }
        catch (Exception e)
        {
            await DiscardAsync(socket, transport).ConfigureAwait(false);
            var unreachable = e switch
            {
                ServerUnreachableException => null,
                OperationCanceledException when !cancellationToken.IsCancellationRequested =>
                    new ServerUnreachableException(shown, $"no WebSocket handshake within {options.ConnectTimeout.TotalSeconds:0.###} s"),
                _ when certificateProblem is not null =>
                    new ServerUnreachableException(shown, $"the TLS handshake failed: {certificateProblem}", e, CertificateCheck.CaFileHint),
                SocketException or IOException or AuthenticationException => new ServerUnreachableException(shown, e.Message, e),
                _ => null,
            };
            if (unreachable is null)
            {
                throw;
            }

            throw unreachable;
        }
    }

    /// <summary>Sends <paramref name="frame"/>, masked, and returns when it went out (a Stopwatch timestamp, taken just before the write).</summary>
    public async Task<long> SendAsync(WebSocketFrame frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var bytes = FrameCodec.EncodeMasked(frame);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SendTimeout);
        await _sendLock.WaitAsync(timeout.Token).ConfigureAwait(false);
        try
        {
            Transcript.Add(FrameDirection.Sent, frame.ToString());
            var sentAt = Stopwatch.GetTimestamp();
            await _transport.WriteAsync(bytes, timeout.Token).ConfigureAwait(false);
            if (frame.Opcode == Opcode.Close)
            {
                _closeSent = true;
            }

            return sentAt;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"Sending {frame} to {Url} did not finish within {SendTimeout.TotalSeconds:0} s: the server reads nothing.");
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            throw new ServerClosedException(Url, $"sending {frame}", null, Ending ?? e.Message, Waiting(), e);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends one text frame, the whole message.</summary>
    public Task<long> SendTextAsync(string text, CancellationToken cancellationToken = default) => SendAsync(WebSocketFrame.Text(text), cancellationToken);

    /// <summary>
    /// The first frame in the inbox that matches, waiting up to <paramref name="timeout"/> for one to arrive; frames that
    /// do not match stay in the inbox, in order.
    /// </summary>
    /// <exception cref="FrameTimeoutException">nothing matched in time; lists the frames that arrived.</exception>
    /// <exception cref="ServerClosedException">the connection ended first; names the server's close code if it sent one.</exception>
    public async Task<WebSocketFrame> ReceiveAsync(Func<WebSocketFrame, bool> predicate, string awaited, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            Task arrival;
            bool ended;
            lock (_gate)
            {
                var index = _inbox.FindIndex(frame => predicate(frame));
                if (index >= 0)
                {
                    var frame = _inbox[index];
                    _inbox.RemoveAt(index);
                    return frame;
                }

                ended = _ending is not null;
                arrival = _arrival.Task;
            }

            if (ended)
            {
                throw Ended($"waiting for {awaited}");
            }

            var remaining = timeout - Stopwatch.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                throw new FrameTimeoutException(Url, awaited, timeout, Waiting());
            }

            try
            {
                await arrival.WaitAsync(remaining, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // look once more: a frame may have arrived with the deadline
            }
        }
    }

    /// <summary>
    /// The next data message: its first data frame and every continuation up to the final one (§5.4), control frames
    /// between them left in the inbox; all within <paramref name="timeout"/>.
    /// </summary>
    public async Task<WebSocketMessage> ReceiveMessageAsync(string awaited, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var first = await ReceiveAsync(frame => !frame.IsControl, awaited, timeout, cancellationToken).ConfigureAwait(false);
        var frames = new List<WebSocketFrame> { first };
        while (!frames[^1].Fin)
        {
            var remaining = timeout - Stopwatch.GetElapsedTime(started);
            frames.Add(await ReceiveAsync(frame => frame.Opcode == Opcode.Continuation, $"the rest of {awaited} (after {frames.Count} fragments)",
                remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, cancellationToken).ConfigureAwait(false));
        }

        return new WebSocketMessage(first.Opcode, [.. frames.SelectMany(frame => frame.Payload)], frames);
    }

    /// <summary>True once the connection has ended within <paramref name="window"/> (from now); false if it is still open then.</summary>
    public async Task<bool> EndsWithinAsync(TimeSpan window, CancellationToken cancellationToken = default)
    {
        var ended = await Task.WhenAny(_receiveLoop, Task.Delay(window, cancellationToken)).ConfigureAwait(false) == _receiveLoop;
        cancellationToken.ThrowIfCancellationRequested();
        return ended;
    }

    public async ValueTask DisposeAsync()
    {
        if (Ending is null && !_closeSent)
        {
            try
            {
                await SendAsync(WebSocketFrame.Close((int)WebSocketCloseStatus.NormalClosure, "test done")).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketClientException or IOException or OperationCanceledException)
            {
                // the server is gone already
            }
        }

        await Task.WhenAny(_receiveLoop, Task.Delay(CloseHandshakeTimeout)).ConfigureAwait(false);
        await _disposing.CancelAsync().ConfigureAwait(false);
        await DiscardAsync(_socket, _transport).ConfigureAwait(false);
        await _receiveLoop.ConfigureAwait(false);
        _disposing.Dispose();
        _sendLock.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var inMessage = false;
        WebSocketFrame? serverClose = null;
        try
        {
            while (true)
            {
                if (await FrameCodec.ReadAsync(_reader, MaxPayload, _disposing.Token).ConfigureAwait(false) is not { } read)
                {
                    End("the server ended the TCP connection");
                    return;
                }

                var frame = read with { ArrivedAt = Stopwatch.GetTimestamp() };
                if (serverClose is not null)
                {
                    throw new FramingViolation($"a {frame} after its {serverClose}: nothing may follow a close frame (§5.5.1)");
                }

                if (!frame.IsControl)
                {
                    if (inMessage == (frame.Opcode != Opcode.Continuation))
                    {
                        throw new FramingViolation(inMessage
                            ? $"a {frame} inside a fragmented message, where only continuation frames may come (§5.4)"
                            : $"a {frame} that continues no message (§5.4)");
                    }

                    inMessage = !frame.Fin;
                }

                Deliver(frame);
                if (frame.Opcode == Opcode.Close)
                {
                    serverClose = frame;
                }

                await KeepClientDutiesAsync(frame).ConfigureAwait(false);
            }
        }
        catch (FramingViolation violation)
        {
            End($"the server broke RFC 6455: {violation.Message}");
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
            End("the client was disposed");
        }
        catch (EndOfStreamException)
        {
            End("the server ended the TCP connection in the middle of a frame");
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            End($"the connection broke ({e.Message})");
        }
    }

    // What a client owes the server (§5.5.2, §5.5.1): a pong for each ping, a close answering the server's, echoing its
    // code. A server that is gone by then is no failure of the answer: the next read says how the connection ended.
    private async Task KeepClientDutiesAsync(WebSocketFrame frame)
    {
        if (_closeSent || frame.Opcode is not (Opcode.Ping or Opcode.Close))
        {
            return;
        }

        try
        {
            await SendAsync(frame.Opcode == Opcode.Ping ? WebSocketFrame.Pong(frame.Payload)
                : frame.CloseCode is { } code ? WebSocketFrame.Close(code)
                : new WebSocketFrame(Opcode.Close, [])).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketClientException or IOException)
        {
            Transcript.Add(FrameDirection.Closed, $"could not answer the {frame}: {e.Message}");
        }
    }

    private void Deliver(WebSocketFrame frame)
    {
        Transcript.Add(FrameDirection.Received, frame.ToString());
        TaskCompletionSource arrived;
        lock (_gate)
        {
            _received.Add(frame);
            _inbox.Add(frame);
            arrived = _arrival;
            _arrival = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        arrived.TrySetResult();
    }

    private void End(string ending)
    {
        Transcript.Add(FrameDirection.Closed, ending);
        TaskCompletionSource arrived;
        lock (_gate)
        {
            _ending ??= ending;
            arrived = _arrival;
        }

        arrived.TrySetResult();
    }

    // The connection ended: with the server's close code, if it sent a close frame.
    private ServerClosedException Ended(string activity)
    {
        WebSocketFrame? close;
        string? ending;
        lock (_gate)
        {
            close = _received.LastOrDefault(frame => frame.Opcode == Opcode.Close);
            ending = _ending;
        }

        return new ServerClosedException(Url, activity, close?.CloseCode is { } code ? (WebSocketCloseStatus)code : null,
            close is null ? ending : $"{close.CloseReason}; then {ending}", Waiting());
    }

    private List<string> Waiting()
    {
        lock (_gate)
        {
            return [.. _inbox.Select(frame => frame.ToString())];
        }
    }

    private static async Task DiscardAsync(Socket socket, Stream? transport)
    {
        if (transport is not null)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }

        socket.Dispose();
    }
}
