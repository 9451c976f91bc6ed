using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ImServerTests.Specs.Server;

/// <summary>
/// A bare ClientWebSocket for testing the embedded server, on purpose not the project's client:
/// the server's tests must not lean on the code they are meant to check against.
/// </summary>
internal sealed class RawConnection : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[256 * 1024];

    private readonly Action<RawConnection, string>? _onFrame;

    private RawConnection(string userId, Action<RawConnection, string>? onFrame)
    {
        UserId = userId;
        _onFrame = onFrame;
    }

    public string UserId { get; }

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;


    /// <summary>Opens a connection; <paramref name="onFrame"/> sees every text message read from the server.</summary>
    public static async Task<RawConnection> OpenAsync(Uri baseUrl, string userId, Action<RawConnection, string>? onFrame = null)
    {
        var connection = new RawConnection(userId, onFrame);
        using var timeout = new CancellationTokenSource(Timeout);
        await connection._socket.ConnectAsync(new Uri($"{baseUrl}/{Uri.EscapeDataString(userId)}"), timeout.Token);
        return connection;
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public Task SendJsonAsync(object request) => SendAsync(JsonSerializer.Serialize(request));

    public async Task SendAsync(byte[] bytes, WebSocketMessageType type)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await _socket.SendAsync(bytes, type, endOfMessage: true, timeout.Token);
    }

    /// <summary>Sends one message in the given fragments; with <paramref name="finish"/> false the last one does not end it.</summary>
    public async Task SendFragmentsAsync(IReadOnlyList<byte[]> fragments, WebSocketMessageType type, bool finish = true)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        for (var i = 0; i < fragments.Count; i++)
        {
            var last = finish && i == fragments.Count - 1;
            await _socket.SendAsync(fragments[i], type, last, timeout.Token);
        }
    }

    /// <summary>Drops the TCP connection without a close handshake, as a crashed client would.</summary>
    public void Abort() => _socket.Abort();

    /// <summary>The next text message parsed as JSON, or null if the server closed the connection first.</summary>
    public async Task<JsonElement?> ReceiveAsync(TimeSpan? within = null)
    {
        var text = await ReceiveTextAsync(within ?? Timeout);
        return text is null ? null : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The next text message, or null on close. Throws on timeout, so no test waits forever.</summary>
    public async Task<string?> ReceiveTextAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        var length = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(_buffer.AsMemory(length), timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                var text = Encoding.UTF8.GetString(_buffer, 0, length);
                _onFrame?.Invoke(this, text);
                return text;
            }
        }
    }

    /// <summary>True if nothing arrives within <paramref name="window"/>. The socket is unusable afterwards if it was silent.</summary>
    public async Task<bool> StaysSilentAsync(TimeSpan window)
    {
        try
        {
            await ReceiveTextAsync(window);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    /// <summary>Closes from this side with <paramref name="status"/> and returns the status and reason of the server's answer.</summary>
    public async Task<(WebSocketCloseStatus? Status, string? Reason)> CloseAsync(WebSocketCloseStatus status, string reason)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await _socket.CloseOutputAsync(status, reason, timeout.Token);
        await ReceiveCloseAsync();
        return (_socket.CloseStatus, _socket.CloseStatusDescription);
    }

    /// <summary>Waits for the server's close frame and returns its status.</summary>
    public async Task<WebSocketCloseStatus?> ReceiveCloseAsync()
    {
        while (await ReceiveTextAsync(Timeout) is not null)
        {
        }

        return _socket.CloseStatus;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // already gone
            }
        }

        _socket.Dispose();
    }
}

internal static class JsonFrame
{
    public static string Field(this JsonElement frame, string name) =>
        frame.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : $"<{name} missing or not a string>";
}
