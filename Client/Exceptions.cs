using System.Net.WebSockets;
using ImServerTests.Shared;

namespace ImServerTests.Client;

/// <summary>Something went wrong talking to the server; the message says what, where, and what arrived (secrets masked).</summary>
public abstract class WebSocketClientException : Exception
{
    protected WebSocketClientException(string message, Exception? inner = null)
        : base(Secrets.Mask(message), inner)
    {
    }
}

/// <summary>The connection could not be opened: refused, unreachable, timed out, or the handshake was rejected.</summary>
public sealed class ServerUnreachableException : WebSocketClientException
{
    public const string DefaultHint = "Check that the server is running and that the URL (IMSERVER_URL or websocket.yml) is right.";

    public ServerUnreachableException(Uri url, string reason, Exception? inner = null, string hint = DefaultHint, int? httpStatus = null)
        : base($"Cannot connect to the server at {url}: {reason}. {hint}", inner)
    {
        Url = url;
        HttpStatus = httpStatus;
    }

    public Uri Url { get; }

    /// <summary>The HTTP status the server answered the upgrade with, when it refused it.</summary>
    public int? HttpStatus { get; }
}

/// <summary>No frame of the awaited kind arrived in time. The message lists the frames that did arrive.</summary>
public sealed class FrameTimeoutException : WebSocketClientException
{
    public FrameTimeoutException(Uri url, string awaited, TimeSpan timeout, IReadOnlyList<string> arrived)
        : base($"Timed out after {timeout.TotalSeconds:0.###} s waiting for {awaited} on {url}. " + Describe(arrived))
    {
        Awaited = awaited;
        Timeout = timeout;
        Arrived = arrived;
    }

    public string Awaited { get; }

    public TimeSpan Timeout { get; }

    /// <summary>Frames that were in the inbox but did not match.</summary>
    public IReadOnlyList<string> Arrived { get; }

    internal static string Describe(IReadOnlyList<string> arrived) =>
        arrived.Count == 0
            ? "No frame arrived meanwhile."
            : $"Frames that arrived but did not match ({arrived.Count}):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", arrived);
}

/// <summary>The server closed the connection (or it broke) before the awaited frame arrived.</summary>
public sealed class ServerClosedException : WebSocketClientException
{
    public ServerClosedException(Uri url, string activity, WebSocketCloseStatus? status, string? description, IReadOnlyList<string> arrived, Exception? inner = null)
        : base($"The server closed the connection {url} {Explain(status, description)} while {activity}. " + FrameTimeoutException.Describe(arrived), inner)
    {
        CloseStatus = status;
        CloseDescription = description;
    }

    public WebSocketCloseStatus? CloseStatus { get; }

    public string? CloseDescription { get; }

    internal static string Explain(WebSocketCloseStatus? status, string? description) =>
        status is { } code
            ? $"with close status {(int)code} ({code}{(string.IsNullOrEmpty(description) ? "" : $": {description}")})"
            : $"without a close handshake{(string.IsNullOrEmpty(description) ? "" : $" ({description})")}";
}
