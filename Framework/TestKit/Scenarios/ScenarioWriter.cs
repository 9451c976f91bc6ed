using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImServerTests.TestKit.Scenarios;

/// <summary>
/// Writes a scenario as YAML that <see cref="ScenarioReader"/> reads back: every text in double quotes (JSON's
/// escapes are YAML's), frames to send on one line, one expected field per line with its recorded value as a comment.
/// </summary>
public static class ScenarioWriter
{
    public const string SchemaModeline = "# yaml-language-server: $schema=scenario.schema.json";

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(Scenario scenario, IEnumerable<string>? headerComments = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var yaml = new StringBuilder();
        yaml.AppendLine(SchemaModeline);
        foreach (var comment in headerComments ?? [])
        {
            yaml.Append("# ").AppendLine(comment);
        }

        yaml.Append("name: ").AppendLine(Quote(scenario.Name));
        if (scenario.Description is { } description)
        {
            yaml.Append("description: ").AppendLine(Quote(description));
        }

        yaml.AppendLine("participants:");
        foreach (var participant in scenario.Participants)
        {
            yaml.Append("  ").Append(participant.Name).Append(": ")
                .AppendLine(participant.Id is null ? "{}" : $"{{ id: {Quote(participant.Id)} }}");
        }

        yaml.AppendLine("steps:");
        foreach (var step in scenario.Steps)
        {
            WriteStep(yaml, step);
        }

        return yaml.ToString();
    }

    private static void WriteStep(StringBuilder yaml, ScenarioStep step)
    {
        switch (step)
        {
            case SendStep send:
                yaml.AppendLine("  - send:").Append("      by: ").AppendLine(send.By);
                yaml.Append(send.Frame is not null ? "      frame: " : "      text: ")
                    .AppendLine(send.Frame is not null ? Flow(send.Frame) : Quote(send.Text ?? ""));
                break;
            case ExpectStep expect:
                yaml.AppendLine("  - expect:").Append("      by: ").AppendLine(expect.By);
                Timeout(yaml, expect.Timeout);
                yaml.AppendLine("      frame:");
                foreach (var rule in expect.Fields)
                {
                    yaml.Append("        ").Append(rule.Field).Append(": ").Append(Rule(rule));
                    yaml.AppendLine(rule.Comment is null ? "" : "  # " + rule.Comment.ReplaceLineEndings(" "));
                }

                break;
            case ExpectNothingStep nothing:
                yaml.AppendLine("  - expectNothing:").Append("      by: ").AppendLine(nothing.By);
                Timeout(yaml, nothing.Timeout);
                break;
            default:
                throw new InvalidOperationException($"a step of kind {step.GetType().Name} cannot be written");
        }
    }

    private static void Timeout(StringBuilder yaml, TimeSpan? timeout)
    {
        if (timeout is { } value)
        {
            yaml.Append("      timeout: ").AppendLine(value.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        }
    }

    // Each matcher written in its form of the table: a bare text for equals, NAME: TEXT, or match: NAME.
    private static string Rule(FieldRule rule)
    {
        var capture = rule.Capture is null ? "" : $", {Matchers.CaptureKey}: {rule.Capture}";
        return rule.Matcher.Form switch
        {
            MatcherForm.WithText when rule.Matcher == Matchers.Exactly && rule.Capture is null => Quote(rule.Value ?? ""),
            MatcherForm.WithText => $"{{ {rule.Matcher.Name}: {Quote(rule.Value ?? "")}{capture} }}",
            MatcherForm.ByName => $"{{ {Matchers.MatchKey}: {rule.Matcher.Name}{capture} }}",
            _ => throw new InvalidOperationException($"matcher {rule.Matcher.Name} has a form the writer does not know: {rule.Matcher.Form}"),
        };
    }

    // A JSON object on one line in YAML's flow style: plain keys, values as JSON (so texts stay texts).
    private static string Flow(JsonObject frame) =>
        "{ " + string.Join(", ", frame.Select(p => $"{p.Key}: {(p.Value is null ? "null" : p.Value.ToJsonString(Json))}")) + " }";

    // A JSON string is a YAML double-quoted one, but YAML takes fewer characters raw (no DEL, C1 controls, U+FFFE or
    // U+FFFF, nor a lone surrogate): those go as \uXXXX escapes, which both read alike.
    private static string Quote(string text)
    {
        var json = JsonSerializer.Serialize(text, Json);
        if (json.All(Printable))
        {
            return json;
        }

        var yaml = new StringBuilder(json.Length + 16);
        for (var i = 0; i < json.Length; i++)
        {
            var c = json[i];
            if (char.IsSurrogatePair(json, i))
            {
                yaml.Append(c).Append(json[++i]);
            }
            else if (Printable(c) && !char.IsSurrogate(c))
            {
                yaml.Append(c);
            }
            else
            {
                yaml.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
        }

        return yaml.ToString();
    }

    private static bool Printable(char c) =>
        c is '\t' or '\n' or '\r' or (>= ' ' and <= '~') or '\u0085' or (>= '\u00a0' and <= '\ufffd') && c != '\ufeff';
}
