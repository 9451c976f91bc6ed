using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ImServerTests.Client.Framing;

/// <summary>
/// The opening handshake of RFC 6455 §4: the client's upgrade request with a fresh Sec-WebSocket-Key, and the checks
/// a client makes of the answer (§4.2.2, §4.1): 101, Upgrade: websocket, Connection: Upgrade, the Sec-WebSocket-Accept
/// that the key asks for, and a subprotocol only if one was asked for.
/// </summary>
internal sealed class OpeningHandshake
{
    /// <summary>What to check when the answer is a 101 but not a WebSocket server's.</summary>
    public const string NotAWebSocketServerHint = "Something other than a WebSocket server answered, or a proxy between rewrote the upgrade.";

    /// <summary>The GUID every server appends to the key before hashing it (§1.3).</summary>
    public const string KeyGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private const int MaxResponseHead = 16 * 1024;

    private OpeningHandshake(string key) => Key = key;

    /// <summary>The Sec-WebSocket-Key sent: 16 random bytes in base64 (§4.1).</summary>
    public string Key { get; }

    /// <summary>The Sec-WebSocket-Accept a server must answer the key with.</summary>
    public string ExpectedAccept => AcceptFor(Key);

    public static OpeningHandshake New() => new(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)));

    /// <summary>base64(SHA-1(key + the GUID)), as §4.2.2 has the server compute it.</summary>
    public static string AcceptFor(string key) => Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + KeyGuid)));

    /// <summary>The request's bytes: GET of the URL's path and query, with the options' headers and subprotocols.</summary>
    public byte[] Request(Uri url, ConnectionOptions options)
    {
        var request = new StringBuilder();
        request.Append(CultureInfo.InvariantCulture, $"GET {url.PathAndQuery} HTTP/1.1\r\n");
        request.Append(CultureInfo.InvariantCulture, $"Host: {url.Authority}\r\n");
        request.Append("Upgrade: websocket\r\nConnection: Upgrade\r\n");
        request.Append(CultureInfo.InvariantCulture, $"Sec-WebSocket-Key: {Key}\r\nSec-WebSocket-Version: 13\r\n");
        if (options.Subprotocols.Count > 0)
        {
            request.Append(CultureInfo.InvariantCulture, $"Sec-WebSocket-Protocol: {string.Join(", ", options.Subprotocols)}\r\n");
        }

        foreach (var (name, value) in options.Headers)
        {
            request.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        return Encoding.UTF8.GetBytes(request.Append("\r\n").ToString());
    }

    /// <summary>
    /// Reads the answer's head from <paramref name="stream"/>, which must hand out no byte past it (the frames that
    /// follow are read from the same stream), and returns what is wrong with it, or null and the subprotocol agreed.
    /// </summary>
    public async Task<(HandshakeProblem? Problem, string? Subprotocol)> ReadAnswerAsync(Stream stream, ConnectionOptions options, CancellationToken cancellationToken)
    {
        var (head, unreadable) = await ReadHeadAsync(stream, cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            return (new HandshakeProblem(unreadable!, null), null);
        }

        var lines = head.Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        if (statusParts.Length < 2 || !statusParts[0].StartsWith("HTTP/", StringComparison.Ordinal)
            || !int.TryParse(statusParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            return (new HandshakeProblem($"the server answered the upgrade with '{lines[0]}', not an HTTP status line", null), null);
        }

        if (status != 101)
        {
            return (new HandshakeProblem($"the server refused the WebSocket upgrade with HTTP {status}", status), null);
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                headers[name] = headers.TryGetValue(name, out var earlier) ? $"{earlier}, {value}" : value;
            }
        }

        var upgrade = headers.GetValueOrDefault("Upgrade");
        if (!string.Equals(upgrade, "websocket", StringComparison.OrdinalIgnoreCase))
        {
            return (new HandshakeProblem($"the server's 101 has Upgrade: {Shown(upgrade)}, not websocket (RFC 6455 §4.2.2)", null, NotAWebSocketServerHint), null);
        }

        var connection = headers.GetValueOrDefault("Connection");
        if (connection is null || !connection.Split(',').Any(token => string.Equals(token.Trim(), "Upgrade", StringComparison.OrdinalIgnoreCase)))
        {
            return (new HandshakeProblem($"the server's 101 has Connection: {Shown(connection)}, without Upgrade (RFC 6455 §4.2.2)", null, NotAWebSocketServerHint), null);
        }

        var accept = headers.GetValueOrDefault("Sec-WebSocket-Accept");
        if (accept != ExpectedAccept)
        {
            return (new HandshakeProblem(
                $"the server's Sec-WebSocket-Accept is {Shown(accept)}, but the key {Key} asks for '{ExpectedAccept}' (RFC 6455 §4.2.2)", null, NotAWebSocketServerHint), null);
        }

        var subprotocol = headers.GetValueOrDefault("Sec-WebSocket-Protocol");
        if (options.Subprotocols.Count > 0 && !options.Subprotocols.Contains(subprotocol ?? ""))
        {
            return (new HandshakeProblem(
                $"the server accepts none of the subprotocols {string.Join(", ", options.Subprotocols)} (it answered with {(subprotocol is null ? "none" : $"'{subprotocol}'")})",
                null, "Change subprotocols of the environment to one the server accepts, or remove the key."), null);
        }

        if (options.Subprotocols.Count == 0 && subprotocol is not null)
        {
            return (new HandshakeProblem($"the server chose the subprotocol '{subprotocol}', which was not asked for (RFC 6455 §4.1)", null, NotAWebSocketServerHint), null);
        }

        return (null, subprotocol);
    }

    private static string Shown(string? value) => value is null ? "absent" : $"'{value}'";

    // Byte by byte up to the blank line, so nothing of the first frame is taken: a head is a few hundred bytes.
    private static async Task<(string? Head, string? Unreadable)> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>(256);
        var one = new byte[1];
        while (head.Count < MaxResponseHead)
        {
            if (await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false) == 0)
            {
                return (null, "the server ended the connection before it answered the upgrade");
            }

            head.Add(one[0]);
            if (head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n')
            {
                return (Encoding.Latin1.GetString(head.ToArray(), 0, head.Count - 4), null);
            }
        }

        return (null, $"the server's answer to the upgrade has no end of its head within {MaxResponseHead} bytes");
    }
}

/// <summary>Why a handshake failed, with the HTTP status of a refused upgrade and the hint that goes with it.</summary>
internal sealed record HandshakeProblem(string Reason, int? HttpStatus, string Hint = ServerUnreachableException.DefaultHint);
