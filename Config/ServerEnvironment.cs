using ImServerTests.Shared;

namespace ImServerTests.Config;

/// <summary>How a TLS server's certificate is trusted: the system's roots, a private CA's PEM file, or (insecure) anything.</summary>
public sealed record TlsSettings(string? CaFile = null, bool Insecure = false)
{
    public static TlsSettings System { get; } = new();
}

/// <summary>
/// One environment of websocket.yml: where the server is, what the connection carries (headers, query appended
/// after the user id, subprotocols), how its certificate is trusted, how long to wait for it, and how soon each answer must come.
/// </summary>
public sealed record ServerEnvironment(string Name, Uri? Url, Timeouts Timeouts)
{
    public const string EmbeddedUrl = "embedded";

    /// <summary>No URL: the suite starts the embedded server.</summary>
    public bool IsEmbedded => Url is null;

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Subprotocols { get; init; } = [];

    public TlsSettings Tls { get; init; } = TlsSettings.System;

    /// <summary>How soon each kind of answer must arrive; a later frame fails its case as late.</summary>
    public Budgets Budgets { get; init; } = Budgets.Default;

    /// <summary>The longest message the server takes and how far its clock may be from ours.</summary>
    public ServerProfile Server { get; init; } = ServerProfile.Default;
}
