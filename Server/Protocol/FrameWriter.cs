using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ImServerTests.Server.Protocol;

/// <summary>Serialises frames as the real server does: UTF-8 JSON, Chinese text unescaped, fields in alphabetical order.</summary>
public static class FrameWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] ToUtf8(ServerFrame frame)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("code", frame.Code);
            json.WriteString("from", frame.From);
            json.WriteString("msg", frame.Msg);
            json.WriteString("msgId", frame.MsgId);
            json.WriteString("timestamp", frame.Timestamp);
            json.WriteString("to", frame.To);
            json.WriteString("type", frame.Type);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
