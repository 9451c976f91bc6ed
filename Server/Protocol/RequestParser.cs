using System.Text.Json;

namespace ImServerTests.Server.Protocol;

/// <summary>
/// Reads a client's text frame into a <see cref="ClientRequest"/>, refusing anything the protocol does not
/// allow with a reason a person can act on. Never throws for bad input.
/// </summary>
public static class RequestParser
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    public static ParseResult Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ParseResult.Unreadably("blank frame: send a JSON object with type, from and to");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, Options);
        }
        catch (JsonException e)
        {
            return ParseResult.Unreadably($"not JSON ({e.Message}): send a JSON object with type, from and to");
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    private static ParseResult Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ParseResult.Unreadably($"the frame is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object");
        }

        var typeField = ReadString(root, "type");
        if (typeField.Error is not null)
        {
            return ParseResult.Refused(typeField.Error);
        }

        if (string.IsNullOrWhiteSpace(typeField.Value))
        {
            return ParseResult.Refused("field 'type' is missing or blank: use match or normal");
        }

        // Errors about the other fields are answered with the request's own type when it is a match.
        var replyType = typeField.Value == MessageTypes.Match ? MessageTypes.Match : MessageTypes.Receipt;
        string?[] values = new string?[4];
        string[] names = ["from", "to", "msg", "msgId"];
        for (var i = 0; i < names.Length; i++)
        {
            var field = ReadString(root, names[i]);
            if (field.Error is not null)
            {
                return ParseResult.Refused(field.Error, replyType);
            }

            values[i] = field.Value;
        }

        if (string.IsNullOrWhiteSpace(values[0]))
        {
            return ParseResult.Refused("field 'from' is missing or blank: put the sender's user id there", replyType);
        }

        if (string.IsNullOrWhiteSpace(values[1]))
        {
            return ParseResult.Refused("field 'to' is missing or blank: 'system' for match, the teacher id for normal", replyType);
        }

        return ParseResult.Ok(new ClientRequest(typeField.Value, values[0]!, values[1]!, values[2], values[3]));
    }

    private static (string? Value, string? Error) ReadString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        return value.ValueKind == JsonValueKind.String
            ? (value.GetString(), null)
            : (null, $"field '{name}' is a JSON {value.ValueKind.ToString().ToLowerInvariant()}: it must be a string");
    }
}
