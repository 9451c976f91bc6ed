namespace ImServerTests.TestKit.Scenarios.Har;

public enum RecordedDirection
{
    Send,
    Receive,
}

/// <summary>One WebSocket message of a recording: which way, when, and its text.</summary>
public sealed record RecordedMessage(RecordedDirection Direction, DateTimeOffset Time, string Data);

/// <summary>One WebSocket connection of a recording: its URL and its text messages in order.</summary>
public sealed record RecordedConnection(Uri Url, DateTimeOffset Started, IReadOnlyList<RecordedMessage> Messages)
{
    /// <summary>The user id: the last segment of the URL's path.</summary>
    public string UserId => Uri.UnescapeDataString(Url.AbsolutePath.TrimEnd('/').Split('/')[^1]);
}

/// <summary>What a HAR file held of the IM server's WebSocket traffic, and what was left out and why.</summary>
public sealed record Recording(IReadOnlyList<RecordedConnection> Connections, IReadOnlyList<string> Warnings);
