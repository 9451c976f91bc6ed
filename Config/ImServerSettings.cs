using ImServerTests.Shared;

namespace ImServerTests.Config;

/// <summary>
/// Where the suite connects and how long it waits, after websocket.yml and the environment variables
/// have been read. Immutable: a run has one set of settings.
/// </summary>
public sealed record ImServerSettings
{
    /// <summary>The environment in use: one of websocket.yml's, or the server IMSERVER_URL names.</summary>
    public required ServerEnvironment Environment { get; init; }

    /// <summary>Every fixture connects as {prefix}-{random}, so parallel fixtures and runs never collide.</summary>
    public string UserIdPrefix { get; init; } = "csharp-qa";

    /// <summary>Where the settings came from, for messages (the file, and any variables that overrode it).</summary>
    public required string Source { get; init; }

    /// <summary>The names of every environment the file defines, which IMSERVER_ENV can choose.</summary>
    public IReadOnlyList<string> EnvironmentNames { get; init; } = [];

    public string EnvironmentName => Environment.Name;

    /// <summary>The server's base URL (ws://HOST:PORT/pinter/imserver); null means: start the embedded server.</summary>
    public Uri? ServerUrl => Environment.Url;

    public bool IsEmbedded => Environment.IsEmbedded;

    public TimeSpan ConnectTimeout => Environment.Timeouts.Connect;

    /// <summary>How long one frame is awaited.</summary>
    public TimeSpan ReceiveTimeout => Environment.Timeouts.Receive;

    /// <summary>How long "no reply" is awaited: longer than the server may take to send a late frame.</summary>
    public TimeSpan QuietWindow => Environment.Timeouts.Quiet;

    /// <summary>How soon each kind of answer must arrive, from the send that caused it.</summary>
    public Budgets Budgets => Environment.Budgets;

    /// <summary>The longest message the server takes and how far its clock may be from ours.</summary>
    public ServerProfile Server => Environment.Server;

    /// <summary>How long a fuzz run searches, and shrinks what it found.</summary>
    public FuzzBudget Fuzz { get; init; } = FuzzBudget.Default;
}
