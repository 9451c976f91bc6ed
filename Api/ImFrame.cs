using System.Text.Json;
using ImServerTests.Api.Timing;

namespace ImServerTests.Api;

/// <summary>
/// A frame the server sent, field by field as on the wire: plain data. A missing field is null; a field that is not
/// a JSON string keeps its raw JSON text (the contract names the broken type). A frame picked by an Api step with a
/// contract carries what the step found when it checked it (<see cref="FrameConformance"/>).
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

    /// <summary>What the contract says of the frame, as the step that picked it found; null when it ran without a contract.</summary>
    public FrameConformance? Conformance { get; init; }

    /// <summary>How long the frame took from the send that caused it, and its budget; null when no send of its conversation came before it.</summary>
    public FrameTiming? Timing { get; init; }

    /// <summary>When the frame arrived (a Stopwatch timestamp), before any step looked at it; null for a frame not received by the Api.</summary>
    public long? ArrivedAt { get; init; }

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
        catch (JsonException)
        {
            return new ImFrame { Raw = raw }; // no fields: every assertion on it fails, and the contract says why
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ImFrame { Raw = raw };
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                fields[property.Name] = property.Value.ValueKind == JsonValueKind.String ? Text(property.Value) : property.Value.GetRawText();
            }

            return new ImFrame { Raw = raw, Fields = fields };
        }
    }

    public override string ToString() => Raw;

    // A string with a lone surrogate escape (\ud800) has no .NET string: it keeps its JSON, escape and quotes included.
    private static string Text(JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return value.GetRawText();
        }
    }
}
