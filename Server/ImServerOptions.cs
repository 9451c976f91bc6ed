using System.Security.Cryptography.X509Certificates;
using ImServerTests.Server.Conversation;
using ImServerTests.Server.Faults;

namespace ImServerTests.Server;

/// <summary>How an embedded server is started. The defaults suit the test suite and behave like the real server.</summary>
public sealed record ImServerOptions
{
    /// <summary>The real server's limit: Tomcat's default text buffer of 8,192 characters.</summary>
    public const int DefaultMaxMessageChars = 8192;

    /// <summary>Where Kestrel listens; port 0 picks a free port.</summary>
    public string Url { get; init; } = "http://127.0.0.1:0";

    public ThinkTime ReplyDelay { get; init; } = ThinkTime.Default;

    /// <summary>
    /// A text message longer than this many characters closes the connection with 1009. Counted as Tomcat counts, in
    /// UTF-16 code units (Java characters): an emoji counts 2, a CJK character 1.
    /// </summary>
    public int MaxMessageChars { get; init; } = DefaultMaxMessageChars;

    /// <summary>A fault from <see cref="FaultCatalogue"/>; <see cref="Fault.None"/> is the correct server.</summary>
    public Fault Fault { get; init; } = Fault.None;

    /// <summary>
    /// Refuse a match or normal message whose from is not the connection's own user. Off by default, as on the
    /// real server, which trusts from; on, the server behaves as a careful one would.
    /// </summary>
    public bool CheckIdentity { get; init; }

    /// <summary>Serve wss:// (and https://) with this certificate; null serves plain ws://.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Where to write <see cref="Certificate"/> as PEM at start, for clients to trust it (tls.caFile); null writes nothing.</summary>
    public string? CertificateAuthorityFile { get; init; }

    /// <summary>Refuse the upgrade with 401 unless it carries "Authorization: Bearer TOKEN" or "?token=TOKEN".</summary>
    public string? RequiredToken { get; init; }

    /// <summary>Refusals log at Debug, closes at Information, so Warning keeps test output quiet.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Warning;
}
