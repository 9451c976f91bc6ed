using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ImServerTests.Api;

/// <summary>A request to the server, with the seed's fields: type, from, to, msg (if any) and msgId.</summary>
public sealed record ImRequest(string Type, string From, string To, string? Msg = null, string? MsgId = "111")
{
    public const string Match = "match";
    public const string Normal = "normal";
    public const string Receipt = "receipt";
    public const string System = "system";

    // Chinese text stays readable in transcripts and reports instead of becoming \uXXXX escapes.
    private static readonly JsonWriterOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ImRequest MatchFor(string customer) => new(Match, customer, System);

    public static ImRequest NormalMessage(string from, string to, string msg) => new(Normal, from, to, msg);

    /// <summary>The frame's JSON; a null msg or msgId is left out. Written by hand: no reflection per request.</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, Json))
        {
            writer.WriteStartObject();
            writer.WriteString("type", Type);
            writer.WriteString("from", From);
            writer.WriteString("to", To);
            if (Msg is not null)
            {
                writer.WriteString("msg", Msg);
            }

            if (MsgId is not null)
            {
                writer.WriteString("msgId", MsgId);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
