using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace ImServerTests.Client.Framing;

/// <summary>
/// One frame as RFC 6455 §5.2 lays it out: FIN, the opcode and the (unmasked) payload. A frame read from the server
/// carries the moment it arrived (<see cref="ArrivedAt"/>, a Stopwatch timestamp); one built here has none.
/// </summary>
public sealed record WebSocketFrame(Opcode Opcode, byte[] Payload, bool Fin = true)
{
    /// <summary>The most a control frame may carry (§5.5).</summary>
    public const int MaxControlPayload = 125;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>When the frame arrived (a Stopwatch timestamp), or 0 for a frame built to be sent.</summary>
    public long ArrivedAt { get; init; }

    /// <summary>Close, ping or pong (§5.5); anything else is data (§5.6).</summary>
    public bool IsControl => Opcode >= Opcode.Close;

    /// <summary>The status code of a close frame (its first two payload bytes, §5.5.1); null for any other frame or a close without one.</summary>
    public int? CloseCode => Opcode == Opcode.Close && Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Payload) : null;

    /// <summary>The reason of a close frame, after its code; null for any other frame.</summary>
    public string? CloseReason => Opcode == Opcode.Close ? Utf8OrNull(Payload.AsSpan(Math.Min(2, Payload.Length))) ?? "(not UTF-8)" : null;

    public static WebSocketFrame Text(string text, bool fin = true) => new(Opcode.Text, Encoding.UTF8.GetBytes(text), fin);

    public static WebSocketFrame Continuation(byte[] payload, bool fin) => new(Opcode.Continuation, payload, fin);

    public static WebSocketFrame Ping(byte[] payload) => new(Opcode.Ping, payload);

    public static WebSocketFrame Pong(byte[] payload) => new(Opcode.Pong, payload);

    /// <summary>A close frame with a status code and a reason (§5.5.1).</summary>
    public static WebSocketFrame Close(int code, string reason = "")
    {
        var reasonBytes = Encoding.UTF8.GetBytes(reason);
        var payload = new byte[2 + reasonBytes.Length];
        BinaryPrimitives.WriteUInt16BigEndian(payload, checked((ushort)code));
        reasonBytes.CopyTo(payload, 2);
        return new WebSocketFrame(Opcode.Close, payload);
    }

    /// <summary>The frame in words, for transcripts and failure messages: "ping 'abc'", "close 1001 'going away'", "text '{...}'".</summary>
    public override string ToString()
    {
        var name = Opcode switch
        {
            Opcode.Text => "text",
            Opcode.Binary => "binary",
            Opcode.Continuation => "continuation",
            Opcode.Close => "close",
            Opcode.Ping => "ping",
            Opcode.Pong => "pong",
            _ => $"opcode 0x{(byte)Opcode:X}",
        };
        var fragment = IsControl ? "" : Fin ? (Opcode == Opcode.Continuation ? " (final)" : "") : " (not final)";
        if (Opcode == Opcode.Close)
        {
            return CloseCode is { } code
                ? $"close {code.ToString(CultureInfo.InvariantCulture)}{(CloseReason is { Length: > 0 } reason ? $" '{reason}'" : "")}"
                : Payload.Length == 0 ? "close without a code" : "close with a 1-byte payload";
        }

        return $"{name}{fragment} {Describe(Payload)}";
    }

    /// <summary>A payload in words: its text when it is UTF-8 (shortened past 300 characters), else its bytes in hex.</summary>
    public static string Describe(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return "(empty)";
        }

        if (Utf8OrNull(payload) is { } text && !text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            return text.Length > 300 ? $"'{text[..300]}...' ({payload.Length} bytes)" : $"'{text}'";
        }

        var hex = Convert.ToHexString(payload[..Math.Min(payload.Length, 32)]).ToLowerInvariant();
        return $"0x{hex}{(payload.Length > 32 ? "..." : "")} ({payload.Length} bytes)";
    }

    /// <summary>The bytes as text, or null when they are not valid UTF-8.</summary>
    public static string? Utf8OrNull(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
