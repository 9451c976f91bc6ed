using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using ImServerTests.Shared;

namespace ImServerTests.Client;

/// <summary>
/// A text WebSocket connection with an inbox. One receive loop reads whole messages (reassembling fragments)
/// into the inbox; <see cref="ReceiveAsync(Func{string, bool}, string, TimeSpan, CancellationToken)"/> takes the
/// first matching frame and leaves the others in order. Timeouts sit on the inbox, never on the socket read,
/// because cancelling a socket read aborts the socket.
/// </summary>
public sealed class WebSocketClient : IAsyncDisposable
{
    private const int MaxMessageBytes = 16 * 1024 * 1024;
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);

    // One HTTP handler for every ws:// connection, with the settings ClientWebSocket gives a handler of its own (no
    // pooling of upgraded connections, no cookies, the system's proxy). A wss connection sets a certificate callback,
    // which makes ClientWebSocket build a handler, and its connection pool, for that connection alone.
    private static readonly HttpMessageInvoker PlainHandler = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, UseCookies = false });

    private readonly ClientWebSocket _socket;
    private readonly Lock _gate = new();
    private readonly List<ReceivedFrame> _inbox = [];
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _disposing = new();
    private readonly Task _receiveLoop;
    private TaskCompletionSource _arrival = NewSignal();
    private Ending? _ended;

    private WebSocketClient(Uri url, ClientWebSocket socket, int? transcriptFrames)
    {
        Url = url;
        _socket = socket;
        Transcript = new Transcript(transcriptFrames);
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    public Uri Url { get; }

    public Transcript Transcript { get; }

    /// <summary>The close status the server sent, once it closed.</summary>
    public WebSocketCloseStatus? CloseStatus => _ended?.Status;

    /// <summary>Frames received and not yet taken, oldest first.</summary>
    public IReadOnlyList<string> Inbox
    {
        get
        {
            lock (_gate)
            {
                return [.. _inbox.Select(frame => frame.Text)];
            }
        }
    }

    /// <summary>Opens a connection, or fails within <paramref name="connectTimeout"/> with an error naming the URL.</summary>
    public static Task<WebSocketClient> ConnectAsync(Uri url, TimeSpan connectTimeout, CancellationToken cancellationToken = default) =>
        ConnectAsync(url, new ConnectionOptions { ConnectTimeout = connectTimeout }, cancellationToken);

    /// <summary>
    /// Opens a connection with the options' headers, query, subprotocols and certificate trust, or fails within the
    /// connect timeout with an error that names the URL (secrets masked) and explains a refused upgrade (its HTTP
    /// status) or an untrusted certificate (why, and the setting that fixes it).
    /// </summary>
    public static async Task<WebSocketClient> ConnectAsync(Uri url, ConnectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(options);
        if (url.Scheme is not ("ws" or "wss"))
        {
            throw new ArgumentException($"'{Secrets.Mask(url.ToString())}' is not a ws:// or wss:// URL", nameof(url));
        }

        if (options.TranscriptFrames is < 0)
        {
            throw new ArgumentException($"TranscriptFrames is {options.TranscriptFrames}; a transcript keeps 0 or more frames (null keeps every frame)", nameof(options));
        }

        var target = options.WithQuery(url);
        var shown = new Uri(Secrets.Mask(target.ToString()));
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        foreach (var (name, value) in options.Headers)
        {
            socket.Options.SetRequestHeader(name, value);
        }

        foreach (var subprotocol in options.Subprotocols)
        {
            socket.Options.AddSubProtocol(subprotocol);
        }

        string? certificateProblem = null;
        var secure = target.Scheme == "wss";
        if (secure)
        {
            socket.Options.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                (var trusted, certificateProblem) = CertificateCheck.Decide(certificate, chain, errors, options);
                return trusted;
            };
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.ConnectTimeout);
        try
        {
            // Sharing spares each of thousands of connections (a load run's) an HTTP connection pool of its own.
            await (secure
                ? socket.ConnectAsync(target, deadline.Token)
                : socket.ConnectAsync(target, PlainHandler, deadline.Token)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new ServerUnreachableException(shown, $"no WebSocket handshake within {options.ConnectTimeout.TotalSeconds:0.###} s");
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException)
        {
            var status = (int)socket.HttpStatusCode;
            socket.Dispose();
            throw certificateProblem is not null
                ? new ServerUnreachableException(shown, $"the TLS handshake failed: {certificateProblem}", e, CertificateCheck.CaFileHint)
                : status is > 0 and not 101
                    ? new ServerUnreachableException(shown, $"the server refused the WebSocket upgrade with HTTP {status}", e, HandshakeStatus.Explain(status), status)
                    : options.Subprotocols.Count > 0 && e.Message.Contains("protocol", StringComparison.OrdinalIgnoreCase)
                        ? new ServerUnreachableException(shown, $"the server accepts none of the subprotocols {string.Join(", ", options.Subprotocols)} ({Reason(e)})", e,
                            "Change subprotocols of the environment to one the server accepts, or remove the key.")
                        : new ServerUnreachableException(shown, Reason(e), e);
        }

        // A server that ignores the asked-for subprotocols answers without one; the connection would speak something else.
        if (options.Subprotocols.Count > 0 && !options.Subprotocols.Contains(socket.SubProtocol ?? ""))
        {
            var answered = socket.SubProtocol is null ? "none" : $"'{socket.SubProtocol}'";
            socket.Abort();
            socket.Dispose();
            throw new ServerUnreachableException(shown, $"the server accepts none of the subprotocols {string.Join(", ", options.Subprotocols)} (it answered with {answered})",
                hint: "Change subprotocols of the environment to one the server accepts, or remove the key.");
        }

        return new WebSocketClient(shown, socket, options.TranscriptFrames);
    }

    /// <summary>Sends one text frame and writes it to the transcript.</summary>
    public async Task SendAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_socket.State != WebSocketState.Open)
            {
                throw Closed($"sending {text}", null);
            }

            Transcript.Add(FrameDirection.Sent, text);
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException e)
        {
            throw Closed($"sending {text}", e);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>The next frame, like the seed's recv(), but bounded by <paramref name="timeout"/>.</summary>
    public Task<string> ReceiveAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        ReceiveAsync(static _ => true, "the next frame", timeout, cancellationToken);

    /// <summary>
    /// The first frame in the inbox that matches, waiting up to <paramref name="timeout"/> for one to arrive.
    /// Frames that do not match stay in the inbox, in order.
    /// </summary>
    /// <exception cref="FrameTimeoutException">nothing matched in time; lists what arrived.</exception>
    /// <exception cref="ServerClosedException">the connection ended first; names the close status.</exception>
    public async Task<string> ReceiveAsync(Func<string, bool> predicate, string awaited, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        await TryReceiveAsync(predicate, awaited, timeout, cancellationToken).ConfigureAwait(false)
        ?? throw new FrameTimeoutException(Url, awaited, timeout, Inbox);

    /// <summary>Like <see cref="ReceiveAsync(Func{string, bool}, string, TimeSpan, CancellationToken)"/>, with the moment the frame arrived.</summary>
    public async Task<ReceivedFrame> ReceiveFrameAsync(Func<string, bool> predicate, string awaited, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        await TryReceiveFrameAsync(predicate, awaited, timeout, cancellationToken).ConfigureAwait(false)
        ?? throw new FrameTimeoutException(Url, awaited, timeout, Inbox);

    /// <summary>Like ReceiveAsync, but returns null when nothing matched in time: for checking that the server stays quiet.</summary>
    public async Task<string?> TryReceiveAsync(Func<string, bool> predicate, string awaited, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        (await TryReceiveFrameAsync(predicate, awaited, timeout, cancellationToken).ConfigureAwait(false))?.Text;

    /// <summary>Like <see cref="TryReceiveAsync"/>, with the moment the frame arrived, for measuring its latency.</summary>
    public async Task<ReceivedFrame?> TryReceiveFrameAsync(Func<string, bool> predicate, string awaited, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            Task arrival;
            lock (_gate)
            {
                var index = _inbox.FindIndex(frame => predicate(frame.Text));
                if (index >= 0)
                {
                    var frame = _inbox[index];
                    _inbox.RemoveAt(index);
                    return frame;
                }

                if (_ended is not null)
                {
                    throw Closed($"waiting for {awaited}", _ended.Error);
                }

                arrival = _arrival.Task;
            }

            var remaining = timeout - Stopwatch.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            try
            {
                // No timer is armed when the frame is already in the inbox: the common case costs no allocation.
                await arrival.WaitAsync(remaining, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // look once more: a frame may have arrived with the deadline
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "test done", timeout.Token).ConfigureAwait(false);
                await _receiveLoop.WaitAsync(CloseHandshakeTimeout).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException or ObjectDisposedException)
            {
                // The server did not finish the close handshake; the socket is aborted below.
            }
        }

        await _disposing.CancelAsync().ConfigureAwait(false);
        await _receiveLoop.ConfigureAwait(false);
        _socket.Dispose();
        _disposing.Dispose();
        _sendLock.Dispose();
    }

    // Between messages the loop waits with an empty buffer, so an idle connection holds no buffer of its own: with
    // thousands of connections open (a load run's users between conversations) a held buffer would be most of
    // their memory. The zero-byte read returns once a data frame's header has arrived.
    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                var first = await _socket.ReceiveAsync(Memory<byte>.Empty, _disposing.Token).ConfigureAwait(false);
                if (first.MessageType == WebSocketMessageType.Close)
                {
                    await EndWithCloseAsync().ConfigureAwait(false);
                    return;
                }

                var message = first.EndOfMessage ? Shown(first.MessageType, []) : await ReadMessageAsync().ConfigureAwait(false);
                if (message is null)
                {
                    return;
                }

                Deliver(message);
            }
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
            End(new Ending(null, "the client was disposed", null));
        }
        catch (OperationCanceledException e)
        {
            End(new Ending(null, "the connection was aborted", e)); // a close handshake that timed out aborts the socket
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
        {
            End(new Ending(null, Reason(e), e));
        }
    }

    // The rest of a message whose first frame header has arrived, in a buffer rented for this message only; null
    // when the connection ended first (already recorded).
    private async Task<string?> ReadMessageAsync()
    {
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            var result = await _socket.ReceiveAsync(chunk.AsMemory(), _disposing.Token).ConfigureAwait(false);
            if (result.EndOfMessage && result.MessageType != WebSocketMessageType.Close)
            {
                return Shown(result.MessageType, chunk.AsSpan(0, result.Count)); // the common case: one read, no copy
            }

            var message = new ArrayBufferWriter<byte>(2 * chunk.Length);
            while (true)
            {
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await EndWithCloseAsync().ConfigureAwait(false);
                    return null;
                }

                if (message.WrittenCount + result.Count > MaxMessageBytes)
                {
                    End(new Ending(null, $"the server sent a message over {MaxMessageBytes} bytes", null));
                    _socket.Abort();
                    return null;
                }

                message.Write(chunk.AsSpan(0, result.Count));
                if (result.EndOfMessage)
                {
                    return Shown(result.MessageType, message.WrittenSpan);
                }

                result = await _socket.ReceiveAsync(chunk.AsMemory(), _disposing.Token).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static string Shown(WebSocketMessageType type, ReadOnlySpan<byte> bytes) =>
        type == WebSocketMessageType.Binary ? $"<binary frame of {bytes.Length} bytes>" : Encoding.UTF8.GetString(bytes);

    private async Task EndWithCloseAsync()
    {
        End(new Ending(_socket.CloseStatus, _socket.CloseStatusDescription, null));
        await AnswerCloseAsync().ConfigureAwait(false);
    }

    private async Task AnswerCloseAsync()
    {
        if (_socket.State != WebSocketState.CloseReceived)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The server is gone already; nothing is owed.
        }
    }

    private void Deliver(string text)
    {
        Transcript.Add(FrameDirection.Received, text);
        TaskCompletionSource arrived;
        lock (_gate)
        {
            _inbox.Add(new ReceivedFrame(text, Stopwatch.GetTimestamp()));
            arrived = _arrival;
            _arrival = NewSignal();
        }

        arrived.TrySetResult();
    }

    private void End(Ending ending)
    {
        Transcript.Add(FrameDirection.Closed, ServerClosedException.Explain(ending.Status, ending.Description));
        TaskCompletionSource arrived;
        lock (_gate)
        {
            _ended ??= ending;
            arrived = _arrival;
        }

        arrived.TrySetResult();
    }

    private ServerClosedException Closed(string activity, Exception? inner)
    {
        var ending = _ended ?? new Ending(_socket.CloseStatus, _socket.CloseStatusDescription ?? inner?.Message, inner);
        return new ServerClosedException(Url, activity, ending.Status, ending.Description, Inbox, inner);
    }

    private static string Reason(Exception e) =>
        e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{e.Message} ({inner.Message})"
            : e.Message;

    // Waiters resume on the receive loop's thread, as they would after a bare socket read: a thread-pool hop
    // here would cost a third of the Api's round trip. A waiter that blocked synchronously on a later frame
    // would stall the loop until its own timeout, so the Api stays async all the way.
    private static TaskCompletionSource NewSignal() => new();

    private sealed record Ending(WebSocketCloseStatus? Status, string? Description, Exception? Error);
}

/// <summary>A frame's text and when it arrived (a <see cref="Stopwatch.GetTimestamp"/> value), before any step looked at it.</summary>
public readonly record struct ReceivedFrame(string Text, long ArrivedAt);
