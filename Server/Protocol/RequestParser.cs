using System.Text.Json;

namespace ImServerTests.Server.Protocol;

/// <summary>
/// Reads a client's text frame into a <see cref="ClientRequest"/>, in the order of the protocol's error
/// table: blank frame, parse, blank type/from/to. Never throws for bad input.
/// </summary>
public static class RequestParser
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    public static ParseResult Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ParseResult.Refused(ErrorRow.BlankFrame, "blank frame: send a JSON object with type, from and to");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, Options);
        }
        catch (JsonException e)
        {
            return ParseResult.Refused(ErrorRow.Unreadable, $"not JSON ({e.Message}): send a JSON object with type, from and to");
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
            return ParseResult.Refused(ErrorRow.Unreadable, $"the frame is a JSON {Kind(root)}, not an object");
        }

        string[] names = ["type", "from", "to", "msg", "msgId", "code", "timestamp"];
        var values = new string?[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            if (!root.TryGetProperty(names[i], out var value) || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            // A field the server cannot read as text fails the parse, like text that is not JSON.
            if (value.ValueKind != JsonValueKind.String)
            {
                return ParseResult.Refused(ErrorRow.Unreadable, $"field '{names[i]}' is a JSON {Kind(value)}: it must be a string");
            }

            // A lone surrogate escape (\ud800) has no .NET string: the field cannot be read, like text that is not JSON.
            if (!TryText(value, out values[i]))
            {
                return ParseResult.Refused(ErrorRow.Unreadable, $"field '{names[i]}' holds a lone surrogate escape: it is no Unicode text");
            }
        }

        for (var i = 0; i < 3; i++)
        {
            if (string.IsNullOrWhiteSpace(values[i]))
            {
                return ParseResult.Refused(ErrorRow.MissingField, $"field '{names[i]}' is missing or blank: a request needs type, from and to");
            }
        }

        return ParseResult.Ok(new ClientRequest(values[0]!, values[1]!, values[2]!, values[3], values[4], values[5], values[6]));
    }

    private static bool TryText(JsonElement value, out string? text)
    {
        try
        {
            text = value.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            text = null;
            return false;
        }
    }

    private static string Kind(JsonElement element) => element.ValueKind.ToString().ToLowerInvariant();
}
