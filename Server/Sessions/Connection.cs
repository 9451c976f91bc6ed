using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using ImServerTests.Server.Faults;

namespace ImServerTests.Server.Sessions;

/// <summary>
/// One user's WebSocket. A single write loop drains a bounded outbox, so receipts and teacher pushes never
/// interleave on the socket and a client that stops reading slows only itself.
/// </summary>
public sealed class Connection
{
    private const int OutboxCapacity = 256;
    private const int ReceiveBufferBytes = 1024;
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);

    // Long enough for a client to read a close frame that is already on its way; see RunAsync.
    private static readonly TimeSpan LingerAfterProtocolError = TimeSpan.FromMilliseconds(500);
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly WebSocket _socket;
    private readonly ILogger _log;
    private readonly int _maxMessageChars;
    private readonly Fault _fault;
    private readonly Channel<byte[]> _outbox = Channel.CreateBounded<byte[]>(
        new BoundedChannelOptions(OutboxCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _closing = new();

    public Connection(string userId, WebSocket socket, int maxMessageChars, Fault fault, ILogger log)
    {
        UserId = userId;
        _socket = socket;
        _maxMessageChars = maxMessageChars;
        _fault = fault;
        _log = log;
    }

    public string UserId { get; }

    /// <summary>When the connection was opened.</summary>
    public DateTimeOffset ConnectedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>The pairing made when this customer connected; null for a teacher's connection.</summary>
    public Pairing? Pairing { get; set; }

    /// <summary>
    /// Queues a frame; a frame for a connection that is already closing is dropped. Safe from several tasks at once
    /// (the request's handler, the teacher's timer, a late frame's timer): the outbox takes many writers, and its one
    /// reader writes each frame whole.
    /// </summary>
    public async ValueTask SendAsync(byte[] utf8Frame)
    {
        try
        {
            await _outbox.Writer.WriteAsync(utf8Frame, _closing.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException or ObjectDisposedException)
        {
            _log.LogDebug("Dropped a frame for {User}: the connection is closing", UserId);
        }
    }

    /// <summary>Asks the connection to close with the given status once queued frames are out.</summary>
    public void Close(WebSocketCloseStatus status, string reason)
    {
        _pendingClose ??= (status, reason);
        _outbox.Writer.TryComplete();
    }

    private (WebSocketCloseStatus Status, string Reason)? _pendingClose;

    /// <summary>Reads whole text messages and hands each to <paramref name="onMessage"/> until either side closes.</summary>
    public async Task RunAsync(Func<Connection, string, ValueTask> onMessage, CancellationToken stopping)
    {
        using var stop = stopping.Register(() => Close(WebSocketCloseStatus.EndpointUnavailable, "server shutting down"));
        var writer = WriteLoopAsync();
        try
        {
            await ReadLoopAsync(onMessage).ConfigureAwait(false);
        }
        catch (WebSocketException e) when (e.WebSocketErrorCode == WebSocketError.Faulted)
        {
            // The WebSocket layer refused the client's data (invalid UTF-8 in a text frame, a bad header) and
            // has already sent its close frame. Dropping TCP now makes the kernel answer whatever the client still
            // sends with a reset, which can destroy that close frame before the client has read it.
            _log.LogInformation("Closed {User} for a protocol error: {Reason}", UserId, e.Message);
            await LingerAsync(stopping).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            _log.LogDebug("Connection of {User} ended abruptly: {Reason}", UserId, e.Message);
        }
        finally
        {
            _outbox.Writer.TryComplete();
            await writer.ConfigureAwait(false);
            _closing.Cancel();
        }
    }

    private static async Task LingerAsync(CancellationToken stopping)
    {
        try
        {
            await Task.Delay(LingerAfterProtocolError, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the server is shutting down: no reason to wait
        }
    }

    // A small buffer of the connection's own: a frame of the protocol is a few hundred bytes, and thousands of idle
    // connections each waiting on a large pooled buffer would hold megabytes for nothing. A longer message is
    // gathered in a writer made only when a message does not fit.
    private async Task ReadLoopAsync(Func<Connection, string, ValueTask> onMessage)
    {
        var chunk = new byte[ReceiveBufferBytes];
        ArrayBufferWriter<byte>? longer = null;
        while (true)
        {
            var result = await ReceiveAsync(chunk).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (_fault.Has(Quirks.DropsOnClientClose))
                {
                    _socket.Abort();
                    return;
                }

                // RFC 6455 5.5.1: the answer echoes the client's status code, as Tomcat does (with its reason too).
                Close(_socket.CloseStatus ?? WebSocketCloseStatus.Empty, _socket.CloseStatusDescription ?? "");
                return;
            }

            if (_pendingClose is not null)
            {
                continue; // we asked to close: discard what still arrives until the client's close frame
            }

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                Refuse(WebSocketCloseStatus.InvalidMessageType, "binary frames are not supported: send UTF-8 JSON text");
                continue;
            }

            // A UTF-16 code unit takes at most 3 bytes of UTF-8: more bytes than that are too many characters whatever they are.
            var gathered = longer?.WrittenCount ?? 0;
            if (gathered + result.Count > Math.Min(3L * _maxMessageChars, _fault.MaxMessageBytes ?? long.MaxValue))
            {
                Refuse(WebSocketCloseStatus.MessageTooBig, $"message longer than {_maxMessageChars} characters");
                longer = null;
                continue;
            }

            var endOfMessage = result.EndOfMessage || _fault.Has(Quirks.TakesEachReadAsAMessage);
            if (!endOfMessage || gathered > 0)
            {
                longer ??= new ArrayBufferWriter<byte>(ReceiveBufferBytes * 2);
                longer.Write(chunk.AsSpan(0, result.Count));
                if (!endOfMessage)
                {
                    continue;
                }
            }

            var message = longer is null ? chunk.AsSpan(0, result.Count) : longer.WrittenSpan;
            string text;
            try
            {
                text = StrictUtf8.GetString(message);
            }
            catch (DecoderFallbackException)
            {
                Refuse(WebSocketCloseStatus.InvalidPayloadData, "text frame is not valid UTF-8");
                longer = null;
                continue;
            }

            longer = null;
            if (text.Length > _maxMessageChars)
            {
                Refuse(WebSocketCloseStatus.MessageTooBig, $"message of {text.Length} characters, longer than {_maxMessageChars}");
                continue;
            }

            await onMessage(this, text).ConfigureAwait(false);
        }
    }

    // A read of the socket; with an idle timeout, one that waits longer for the client is cancelled, which aborts the socket.
    private async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(byte[] chunk)
    {
        if (_fault.IdleTimeout is not { } idle)
        {
            return await _socket.ReceiveAsync(chunk.AsMemory(), _closing.Token).ConfigureAwait(false);
        }

        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
        quiet.CancelAfter(idle);
        return await _socket.ReceiveAsync(chunk.AsMemory(), quiet.Token).ConfigureAwait(false);
    }

    private void Refuse(WebSocketCloseStatus status, string reason)
    {
        _log.LogInformation("Closing {User} with {Code} ({Status}): {Reason}", UserId, (int)status, status, reason);
        Close(status, reason);
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var frame in _outbox.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                var type = _fault.Has(Quirks.SendsBinaryFrames) ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
                await _socket.SendAsync(frame, type, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
            }

            await CloseSocketAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            _log.LogDebug("Could not write to {User}: {Reason}", UserId, e.Message);
            _socket.Abort();
        }
    }

    // Sends our close frame and gives the client a moment to answer it; the read loop sees the answer.
    private async Task CloseSocketAsync()
    {
        if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        var (status, reason) = _pendingClose ?? (WebSocketCloseStatus.NormalClosure, "bye");
        using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
        await _socket.CloseOutputAsync(status, reason, timeout.Token).ConfigureAwait(false);
        _closing.CancelAfter(CloseHandshakeTimeout);
    }
}
