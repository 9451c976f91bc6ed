using System.Text.Json;

namespace ImServerTests.Api;

/// <summary>
/// A frame the server sent, field by field as on the wire. A missing field is null; a field that is not a
/// JSON string keeps its raw JSON text and is listed in <see cref="SchemaProblems"/>, so an assertion shows it.
/// </summary>
public sealed record ImFrame
{
    public string? Code { get; init; }
    public string? Type { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public string? Msg { get; init; }
    public string? MsgId { get; init; }
    public string? Timestamp { get; init; }

    /// <summary>The frame's text exactly as received.</summary>
    public required string Raw { get; init; }

    /// <summary>Why the frame is not a JSON object of strings, if it is not; empty for a well-formed frame.</summary>
    public IReadOnlyList<string> SchemaProblems { get; init; } = [];

    /// <summary>A teacher's (or customer's) chat message, as opposed to the server's own answer.</summary>
    public bool IsChatPush => Type == ImRequest.Normal && From is not null && From != ImRequest.System;

    public static ImFrame Parse(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(raw);
        }
        catch (JsonException e)
        {
            return new ImFrame { Raw = raw, SchemaProblems = [$"the frame is not JSON ({e.Message})"] };
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ImFrame { Raw = raw, SchemaProblems = [$"the frame is a JSON {Kind(root)}, not an object"] };
            }

            List<string>? problems = null;
            string? Field(string name)
            {
                if (!root.TryGetProperty(name, out var value))
                {
                    return null;
                }

                if (value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString();
                }

                problems ??= [];
                problems.Add($"field '{name}' is a JSON {Kind(value)} ({value.GetRawText()}), not a string");
                return value.GetRawText();
            }

            return new ImFrame
            {
                Code = Field("code"),
                Type = Field("type"),
                From = Field("from"),
                To = Field("to"),
                Msg = Field("msg"),
                MsgId = Field("msgId"),
                Timestamp = Field("timestamp"),
                Raw = raw,
                SchemaProblems = problems ?? (IReadOnlyList<string>)[],
            };
        }
    }

    public override string ToString() => Raw;

    private static string Kind(JsonElement element) => element.ValueKind.ToString().ToLowerInvariant();
}
