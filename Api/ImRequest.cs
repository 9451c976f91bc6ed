using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace ImServerTests.Api;

/// <summary>
/// A request to the server, with the seed's fields: type, from, to, msg and msgId. A null field is left out
/// of the JSON, which is how the error cases send a request with a field missing.
/// </summary>
public sealed record ImRequest(string? Type, string? From, string? To, string? Msg = null, string? MsgId = ImRequest.SeedMsgId)
{
    /// <summary>The msgId every request of the seed carries; the server does not echo it.</summary>
    public const string SeedMsgId = "111";

    // Chinese text stays readable in transcripts and reports instead of becoming \uXXXX escapes.
    private static readonly JsonWriterOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Asks for the partner of the connection's user: <c>{"type":"match","from":...,"to":"system"}</c>.</summary>
    public static ImRequest MatchFor(string from) => new(Protocol.Match, from, Protocol.System);

    /// <summary>A chat message: <c>{"type":"normal","from":...,"to":...,"msg":...}</c>.</summary>
    public static ImRequest NormalMessage(string from, string to, string? msg) => new(Protocol.Normal, from, to, msg);

    /// <summary>The frame's JSON, fields in the seed's order; null fields are left out. Written by hand: no reflection per request.</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, Json))
        {
            writer.WriteStartObject();
            Write(writer, "type", Type);
            Write(writer, "from", From);
            Write(writer, "to", To);
            Write(writer, "msg", Msg);
            Write(writer, "msgId", MsgId);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public override string ToString() => ToJson();

    private static void Write(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
