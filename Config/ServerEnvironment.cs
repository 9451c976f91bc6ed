namespace ImServerTests.Config;

/// <summary>One environment of websocket.yml: where the server is and how long to wait for it.</summary>
public sealed record ServerEnvironment(string Name, Uri? Url, Timeouts Timeouts)
{
    public const string EmbeddedUrl = "embedded";

    /// <summary>No URL: the suite starts the embedded server.</summary>
    public bool IsEmbedded => Url is null;
}
