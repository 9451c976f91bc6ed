namespace ImServerTests.Config;

/// <summary>
/// Where the suite connects and how long it waits, after websocket.yml and the environment variables
/// have been read. Immutable: a run has one set of settings.
/// </summary>
public sealed record ImServerSettings
{
    public const string EmbeddedUrl = "embedded";

    /// <summary>The environment's name in websocket.yml, or "IMSERVER_URL" when the URL came from there.</summary>
    public required string EnvironmentName { get; init; }

    /// <summary>The server's base URL (ws://HOST:PORT/pinter/imserver); null means: start the embedded server.</summary>
    public Uri? ServerUrl { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one frame is awaited. The real teacher thinks up to 3 s.</summary>
    public TimeSpan ReceiveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long "no reply" is awaited, for requests the server must not answer.</summary>
    public TimeSpan QuietWindow { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Every fixture connects as {prefix}-{random}, so parallel fixtures and runs never collide.</summary>
    public string UserIdPrefix { get; init; } = "csharp-qa";

    /// <summary>Where the settings came from, for messages (the file, and any variables that overrode it).</summary>
    public required string Source { get; init; }

    /// <summary>Every environment the file defines (null URL = embedded), so IMSERVER_ENV can switch between them.</summary>
    public IReadOnlyDictionary<string, Uri?> Environments { get; init; } = new Dictionary<string, Uri?>();

    public bool IsEmbedded => ServerUrl is null;

    /// <summary>The URL of one user's connection: the base URL plus "/{userId}".</summary>
    public static Uri UserUrl(Uri baseUrl, string userId)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        return new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/" + Uri.EscapeDataString(userId));
    }
}
