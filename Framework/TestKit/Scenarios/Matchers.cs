using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ImServerTests.Api.Expectations;

namespace ImServerTests.TestKit.Scenarios;

/// <summary>How a matcher is written in a scenario: with a text of its own (regex: TEXT), or by name (match: NAME).</summary>
public enum MatcherForm
{
    WithText,
    ByName,
}

/// <summary>
/// One matcher of the scenario language: its YAML name and form, what it means, how it checks a field (the Api's
/// <see cref="FieldMatcher"/>), and what makes its text unusable. The reader, the writer, the runner and the editor
/// schema all derive from <see cref="Matchers.All"/>; nothing else spells a matcher.
/// </summary>
public sealed record MatcherDefinition(
    string Name, MatcherForm Form, string Meaning, Func<string?, FieldMatcher> Check, bool PutsInVariables = false, Func<string, string?>? Problem = null)
{
    public override string ToString() => Form == MatcherForm.ByName ? $"match: {Name}" : $"{Name}: TEXT";
}

/// <summary>
/// The table of the scenario language's matchers: the two written with a text of their own (equals, regex), declared
/// here, and every matcher the Api declares with a name (<see cref="FieldMatcher.NamedMatchers"/>), written
/// match: NAME. A matcher added to the Api with a name is in the language, the schema and the reader's messages at once.
/// </summary>
public static class Matchers
{
    /// <summary>The field is exactly the text; a field written as a bare text means this too.</summary>
    public static readonly MatcherDefinition Exactly = new("equals", MatcherForm.WithText, "The field is exactly this text (${variables} are put in).",
        text => FieldMatcher.Is(text ?? ""), PutsInVariables: true);

    public static readonly MatcherDefinition Pattern = new("regex", MatcherForm.WithText, "The field matches this regular expression.",
        text => FieldMatcher.Matches(text ?? ""), Problem: RegexProblem);

    public static IReadOnlyList<MatcherDefinition> All { get; } =
        [Exactly, Pattern, .. FieldMatcher.NamedMatchers.Select(m => new MatcherDefinition(m.Name!, MatcherForm.ByName, m.Meaning, _ => m))];

    public static MatcherDefinition Uuid { get; } = ByNameOf(FieldMatcher.Uuid);

    public static MatcherDefinition EpochMillis { get; } = ByNameOf(FieldMatcher.EpochMillis);

    public static MatcherDefinition AnyText { get; } = ByNameOf(FieldMatcher.Any);

    public static MatcherDefinition Absent { get; } = ByNameOf(FieldMatcher.Absent);

    /// <summary>The key under which the by-name matchers are written: match: NAME.</summary>
    public const string MatchKey = "match";

    /// <summary>The key that keeps a field's value in a variable, beside any matcher.</summary>
    public const string CaptureKey = "capture";

    public static IEnumerable<MatcherDefinition> WithText => All.Where(m => m.Form == MatcherForm.WithText);

    public static IEnumerable<MatcherDefinition> ByName => All.Where(m => m.Form == MatcherForm.ByName);

    /// <summary>The keys a field's mapping may hold.</summary>
    public static IReadOnlyList<string> Keys { get; } = [.. WithText.Select(m => m.Name), MatchKey, CaptureKey];

    /// <summary>The JSON Schema of a field's rule, as scenario.schema.json must hold it under definitions/rule.</summary>
    public static JsonObject RuleSchema()
    {
        var properties = new JsonObject();
        foreach (var matcher in WithText)
        {
            properties[matcher.Name] = new JsonObject { ["type"] = "string", ["description"] = matcher.Meaning };
        }

        properties[MatchKey] = new JsonObject
        {
            ["enum"] = new JsonArray([.. ByName.Select(m => (JsonNode)JsonValue.Create(m.Name))]),
            ["description"] = string.Join("; ", ByName.Select(m => $"{m.Name}: {m.Meaning}")) + ".",
        };
        properties[CaptureKey] = new JsonObject
        {
            ["type"] = "string",
            ["pattern"] = Variables.NamePattern,
            ["description"] = "Keep the field's value in this variable for later steps.",
        };
        return new JsonObject
        {
            ["oneOf"] = new JsonArray(
                new JsonObject { ["type"] = "string", ["description"] = Exactly.Meaning },
                new JsonObject
                {
                    ["type"] = "object",
                    ["additionalProperties"] = false,
                    ["maxProperties"] = 2,
                    ["properties"] = properties,
                }),
        };
    }

    private static MatcherDefinition ByNameOf(FieldMatcher matcher) => All.Single(m => m.Form == MatcherForm.ByName && m.Name == matcher.Name);

    private static string? RegexProblem(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
            return null;
        }
        catch (ArgumentException e)
        {
            return $"regex '{pattern}' is not a valid regular expression: {e.Message}";
        }
    }
}
