using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ImServerTests.Server.Protocol;

/// <summary>
/// Serialises frames as the real server does: UTF-8 JSON, Chinese text unescaped, fields in alphabetical
/// order, absent fields left out.
/// </summary>
public static class FrameWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] ToUtf8(ServerFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            Write(json, "code", frame.Code);
            Write(json, "from", frame.From);
            Write(json, "msg", frame.Msg);
            Write(json, "msgId", frame.MsgId);
            Write(json, "timestamp", frame.Timestamp);
            Write(json, "to", frame.To);
            Write(json, "type", frame.Type);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
