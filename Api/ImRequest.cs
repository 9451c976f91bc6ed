using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImServerTests.Api;

/// <summary>A request to the server, serialised as the seed's frames were: msgId, type, from, to, msg.</summary>
public sealed record ImRequest(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("msg")] string? Msg = null,
    [property: JsonPropertyName("msgId")] string? MsgId = "111")
{
    public const string Match = "match";
    public const string Normal = "normal";
    public const string Receipt = "receipt";
    public const string System = "system";

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static ImRequest MatchFor(string customer) => new(Match, customer, System);

    public static ImRequest NormalMessage(string from, string to, string msg) => new(Normal, from, to, msg);

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}
