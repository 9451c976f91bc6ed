using System.Security.Cryptography.X509Certificates;

namespace ImServerTests.Client;

/// <summary>
/// What a connection carries and how it trusts the server: headers and query parameters (a token), subprotocols,
/// and the certificates of a private CA (or, insecure, any certificate).
/// </summary>
public sealed record ConnectionOptions
{
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Appended to the URL's query.</summary>
    public IReadOnlyDictionary<string, string> Query { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Subprotocols { get; init; } = [];

    /// <summary>The CA certificates that may sign the server's certificate, instead of the system's roots.</summary>
    public X509Certificate2Collection? TrustedCertificates { get; init; }

    /// <summary>Accept any certificate: for a test server only.</summary>
    public bool AcceptAnyCertificate { get; init; }

    /// <summary>How many of the latest frames the connection's transcript keeps; null (the default) keeps every frame.</summary>
    public int? TranscriptFrames { get; init; }

    /// <summary>The URL with <see cref="Query"/> appended.</summary>
    public Uri WithQuery(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (Query.Count == 0)
        {
            return url;
        }

        var builder = new UriBuilder(url);
        var added = string.Join("&", Query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        builder.Query = string.IsNullOrEmpty(builder.Query) ? added : builder.Query.TrimStart('?') + "&" + added;
        return builder.Uri;
    }
}
