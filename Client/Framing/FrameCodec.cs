using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ImServerTests.Client.Framing;

/// <summary>
/// Frames to bytes and back, as RFC 6455 §5.2 lays them out. A client masks every frame it sends with a fresh key
/// (§5.3); what the server sends is checked against the rules a server must keep, and a frame that breaks one is a
/// <see cref="FramingViolation"/> naming the rule.
/// </summary>
internal static class FrameCodec
{
    /// <summary>The frame's bytes on the wire, masked with a fresh random key.</summary>
    public static byte[] EncodeMasked(WebSocketFrame frame)
    {
        var payload = frame.Payload;
        var lengthBytes = payload.Length < 126 ? 0 : payload.Length <= ushort.MaxValue ? 2 : 8;
        var bytes = new byte[2 + lengthBytes + 4 + payload.Length];
        bytes[0] = (byte)((frame.Fin ? 0x80 : 0) | (byte)frame.Opcode);
        switch (lengthBytes)
        {
            case 0:
                bytes[1] = (byte)(0x80 | payload.Length);
                break;
            case 2:
                bytes[1] = 0x80 | 126;
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(2), (ushort)payload.Length);
                break;
            default:
                bytes[1] = 0x80 | 127;
                BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(2), (ulong)payload.Length);
                break;
        }

        var key = bytes.AsSpan(2 + lengthBytes, 4);
        RandomNumberGenerator.Fill(key);
        var body = bytes.AsSpan(2 + lengthBytes + 4);
        for (var i = 0; i < payload.Length; i++)
        {
            body[i] = (byte)(payload[i] ^ key[i % 4]);
        }

        return bytes;
    }

    /// <summary>
    /// The next frame the server sent, or null when the connection ended cleanly before another began. A connection
    /// that ends inside a frame is an <see cref="EndOfStreamException"/>; a frame that breaks a rule, a <see cref="FramingViolation"/>.
    /// </summary>
    public static async Task<WebSocketFrame?> ReadAsync(Stream stream, int maxPayload, CancellationToken cancellationToken)
    {
        var header = new byte[14];
        if (await stream.ReadAtLeastAsync(header.AsMemory(0, 2), 2, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false) < 2)
        {
            return null; // a connection that ends after one byte of a header ended inside a frame, but there is nothing to tell of it
        }

        var fin = (header[0] & 0x80) != 0;
        var reserved = header[0] & 0x70;
        var opcode = (Opcode)(header[0] & 0x0F);
        var masked = (header[1] & 0x80) != 0;
        long length = header[1] & 0x7F;
        if (length >= 126)
        {
            var extra = length == 126 ? 2 : 8;
            await stream.ReadExactlyAsync(header.AsMemory(2, extra), cancellationToken).ConfigureAwait(false);
            length = extra == 2 ? BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2)) : (long)BinaryPrimitives.ReadUInt64BigEndian(header.AsSpan(2));
            if (length < 0)
            {
                throw new FramingViolation("a 64-bit payload length with its most significant bit set (§5.2)");
            }
        }

        if (reserved != 0)
        {
            throw new FramingViolation($"RSV bits 0x{reserved >> 4:X} set although no extension was agreed (§5.2)");
        }

        if (!Enum.IsDefined(opcode))
        {
            throw new FramingViolation($"the reserved opcode 0x{(byte)opcode:X} (§5.2)");
        }

        if (masked)
        {
            throw new FramingViolation($"a masked {opcode} frame: a server must not mask what it sends (§5.1)");
        }

        if (opcode >= Opcode.Close && (!fin || length > WebSocketFrame.MaxControlPayload))
        {
            throw new FramingViolation($"a {opcode} frame {(fin ? $"of {length} bytes, over {WebSocketFrame.MaxControlPayload}" : "that is fragmented")}: control frames are whole and short (§5.5)");
        }

        if (length > maxPayload)
        {
            throw new FramingViolation($"a {opcode} frame of {length} bytes, over the {maxPayload} this client reads");
        }

        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
        return new WebSocketFrame(opcode, payload, fin);
    }
}

/// <summary>The server sent something RFC 6455 forbids; the message names the rule.</summary>
internal sealed class FramingViolation(string message) : Exception(message);
