using System.Text.Json;

namespace ImServerTests.Server.Faults;

/// <summary>What the faults of odd input look for in a request's text; none of it throws, whatever the text.</summary>
internal static class OddInput
{
    /// <summary>The fixed buffer a faulty request log copies each text message into.</summary>
    public const int FixedBufferChars = 4096;

    /// <summary>The width of a faulty message log's msgId column.</summary>
    public const int MsgIdColumnChars = 64;

    private static readonly string[] KnownFields = ["type", "from", "to", "msg", "msgId", "code", "timestamp"];

    public static bool HasKnownFieldOfAnotherKind(string text) =>
        Object(text, root => root.EnumerateObject().Any(p => KnownFields.Contains(p.Name) && p.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)));

    public static bool HasUnknownField(string text) => Object(text, root => root.EnumerateObject().Any(p => !KnownFields.Contains(p.Name)));

    public static bool HasLongMsgId(string text) =>
        Object(text, root => Text(root, "type") == "normal" && Text(root, "msgId") is { Length: > MsgIdColumnChars });

    public static bool HasBrokenPercentInTo(string text) => Object(text, root => Text(root, "to") is { } to && BrokenPercent(to));

    private static bool BrokenPercent(string value)
    {
        for (var at = value.IndexOf('%', StringComparison.Ordinal); at >= 0; at = value.IndexOf('%', at + 1))
        {
            if (at + 2 >= value.Length || !Uri.IsHexDigit(value[at + 1]) || !Uri.IsHexDigit(value[at + 2]))
            {
                return true;
            }
        }

        return false;
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Object(string text, Func<JsonElement, bool> test)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 256 });
            return document.RootElement.ValueKind == JsonValueKind.Object && test(document.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
