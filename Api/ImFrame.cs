using System.Text.Json;

namespace ImServerTests.Api;

/// <summary>
/// A frame the server sent, field by field as on the wire. A missing field is null; a field that is not a
/// JSON string keeps its raw JSON text and is listed in <see cref="SchemaProblems"/>, so an assertion shows it.
/// </summary>
public sealed record ImFrame
{
    public string? Code => Field("code");
    public string? Type => Field("type");
    public string? From => Field("from");
    public string? To => Field("to");
    public string? Msg => Field("msg");
    public string? MsgId => Field("msgId");
    public string? Timestamp => Field("timestamp");

    /// <summary>Every field the frame has, by name, in wire order; a value that is not a string is its raw JSON.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>The frame's text exactly as received.</summary>
    public required string Raw { get; init; }

    /// <summary>Why the frame is not a JSON object of strings, if it is not; empty for a well-formed frame.</summary>
    public IReadOnlyList<string> SchemaProblems { get; init; } = [];

    /// <summary>
    /// A chat message (a teacher's answer, or a customer's message to the teacher's seat), as opposed to the
    /// server's own frames. A refusal of type normal comes from system, so type alone never tells.
    /// </summary>
    public bool IsChat => Type == Protocol.Normal && From is not null && From != Protocol.System;

    public string? Field(string name) => Fields.GetValueOrDefault(name);

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

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            List<string>? problems = null;
            foreach (var property in root.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String)
                {
                    fields[property.Name] = property.Value.GetString()!;
                    continue;
                }

                problems ??= [];
                problems.Add($"field '{property.Name}' is a JSON {Kind(property.Value)} ({property.Value.GetRawText()}), not a string");
                fields[property.Name] = property.Value.GetRawText();
            }

            return new ImFrame { Raw = raw, Fields = fields, SchemaProblems = problems ?? (IReadOnlyList<string>)[] };
        }
    }

    public override string ToString() => Raw;

    private static string Kind(JsonElement element) => element.ValueKind.ToString().ToLowerInvariant();
}
