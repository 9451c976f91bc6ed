using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ImServerTests.Conformance;

/// <summary>
/// A message's payload split in two: what depends only on the frame's shape (its field names and the JSON kinds of
/// their values: type object, required, a boolean additionalProperties) and the rules each field's value must keep
/// (const, enum, not, pattern, format, length). The library's verdict on the shape is remembered per shape; the value
/// rules run on every frame. Each value rule is at least as strict as the library's (a pattern must match with .NET's
/// and with ECMAScript's semantics; a uuid is the dashed form in hex digits), so a frame they pass conforms whenever
/// its shape did; a frame that breaks an exact rule (type, const, enum, not) conforms to nothing of the payload, and one
/// refused only by a stricter rule (pattern, format, length) goes to the library. A payload with any keyword not understood here has no
/// value rules: its frames always go to the library.
/// </summary>
internal sealed class ValueRules
{
    // Each field's rules, together: one verdict per field.
    private readonly Dictionary<string, Rule> _byField;

    private ValueRules(Dictionary<string, Rule> byField) => _byField = byField;

    /// <summary>
    /// What the rules say of every field of <paramref name="frame"/> (an object): they all hold; one that says
    /// exactly what the library says is broken, so the frame conforms to nothing of this payload whatever its shape; or
    /// only a stricter one is broken, which is for the library to judge.
    /// </summary>
    public Verdict Check(JsonElement frame)
    {
        var verdict = Verdict.Holds;
        foreach (var property in frame.EnumerateObject())
        {
            if (_byField.TryGetValue(property.Name, out var rules))
            {
                switch (rules.Check(property.Value))
                {
                    case Verdict.Refused:
                        return Verdict.Refused;
                    case Verdict.Doubtful:
                        verdict = Verdict.Doubtful;
                        break;
                }
            }
        }

        return verdict;
    }

    /// <summary>
    /// The shape of a frame: each field's name and value kind, in wire order. Frames of one shape meet or break the
    /// shape's part of a payload alike. Null for a frame that is not an object, which is never remembered.
    /// </summary>
    public static string? ShapeOf(JsonElement frame)
    {
        if (frame.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var shape = new StringBuilder(128);
        foreach (var property in frame.EnumerateObject())
        {
            // The length first, so no name can run into the next.
            shape.Append(property.Name.Length).Append(':').Append(property.Name).Append((char)('A' + (int)property.Value.ValueKind));
        }

        return shape.ToString();
    }

    /// <summary>The value rules of a payload, or null when it uses a keyword this split does not understand.</summary>
    public static ValueRules? Of(JsonNode? payload, Func<JsonNode?, string, (JsonNode? Node, string Pointer)> follow, string pointer)
    {
        var byField = new Dictionary<string, List<Rule>>(StringComparer.Ordinal);
        if (!ReadObjectLevel(payload, pointer, follow, byField, depth: 0))
        {
            return null;
        }

        return new ValueRules(byField.ToDictionary(p => p.Key, p => (Rule)new All([.. p.Value]), StringComparer.Ordinal));
    }

    private static readonly HashSet<string> Annotations =
        new(["title", "description", "summary", "examples", "example", "default", "$comment", "readOnly", "writeOnly", "deprecated"], StringComparer.Ordinal);

    // The payload itself: object-level keywords, whose verdict depends on the shape alone, and the fields' schemas.
    private static bool ReadObjectLevel(JsonNode? node, string pointer, Func<JsonNode?, string, (JsonNode? Node, string Pointer)> follow,
        Dictionary<string, List<Rule>> byField, int depth)
    {
        if (depth > 16 || !Resolved(node, pointer, follow, out var schema, out var at))
        {
            return false;
        }

        if (schema is null)
        {
            return true; // {} or true: no rules
        }

        foreach (var (key, value) in schema)
        {
            switch (key)
            {
                case "type":
                    // Only the root's kind: an object, or nothing is remembered.
                    if (value is not JsonValue v || !v.TryGetValue(out string? type) || type != "object")
                    {
                        return false;
                    }

                    break;
                case "required":
                    break;
                case "additionalProperties":
                    if (value is not JsonValue b || !b.TryGetValue(out bool _))
                    {
                        return false;
                    }

                    break;
                case "properties":
                    if (value is not JsonObject properties)
                    {
                        return false;
                    }

                    foreach (var (name, fieldSchema) in properties)
                    {
                        if (!byField.TryGetValue(name, out var rules))
                        {
                            byField[name] = rules = [];
                        }

                        if (ReadValueLevel(fieldSchema, at + "/properties/" + Escape(name), follow, depth + 1) is not { } rule)
                        {
                            return false;
                        }

                        rules.Add(rule);
                    }

                    break;
                case "allOf":
                    if (value is not JsonArray branches)
                    {
                        return false;
                    }

                    for (var i = 0; i < branches.Count; i++)
                    {
                        if (!ReadObjectLevel(branches[i], at + "/allOf/" + i.ToString(CultureInfo.InvariantCulture), follow, byField, depth + 1))
                        {
                            return false;
                        }
                    }

                    break;
                default:
                    if (!Annotations.Contains(key))
                    {
                        return false;
                    }

                    break;
            }
        }

        return true;
    }

    // A field's schema, as one rule; null when it uses a keyword not understood here.
    private static Rule? ReadValueLevel(JsonNode? node, string pointer, Func<JsonNode?, string, (JsonNode? Node, string Pointer)> follow, int depth)
    {
        if (depth > 16 || !Resolved(node, pointer, follow, out var schema, out var at))
        {
            return null;
        }

        if (schema is null)
        {
            return new All([]);
        }

        var rules = new List<Rule>();
        foreach (var (key, value) in schema)
        {
            Rule? rule;
            switch (key)
            {
                case "type":
                    rule = value is JsonValue v && v.TryGetValue(out string? type) && KindOf(type) is { } kind ? new Kind(kind) : null;
                    break;
                case "const":
                    rule = value is JsonValue c && c.TryGetValue(out string? constant) ? new OneOf([constant]) : null;
                    break;
                case "enum":
                    rule = value is JsonArray items && items.All(i => i is JsonValue e && e.TryGetValue(out string? _))
                        ? new OneOf([.. items.Select(i => i!.GetValue<string>())])
                        : null;
                    break;
                case "not":
                    // Only an exact rule can be turned round: a stricter one would let a frame through that the library refuses.
                    rule = ReadValueLevel(value, at + "/not", follow, depth + 1) is { Exact: true } inner ? new Not(inner) : null;
                    break;
                case "pattern":
                    rule = value is JsonValue p && p.TryGetValue(out string? pattern) ? Pattern.TryCreate(pattern) : null;
                    break;
                case "format":
                    rule = value is JsonValue f && f.TryGetValue(out string? format) && format == "uuid" ? new Uuid() : null;
                    break;
                case "minLength":
                    rule = Count(value) is { } least ? new MinLength(least) : null;
                    break;
                case "maxLength":
                    rule = Count(value) is { } most ? new MaxLength(most) : null;
                    break;
                case "allOf":
                    rule = null;
                    if (value is JsonArray branches)
                    {
                        var all = new List<Rule>();
                        for (var i = 0; i < branches.Count; i++)
                        {
                            if (ReadValueLevel(branches[i], at + "/allOf/" + i.ToString(CultureInfo.InvariantCulture), follow, depth + 1) is not { } branch)
                            {
                                return null;
                            }

                            all.Add(branch);
                        }

                        rule = new All(all);
                    }

                    break;
                default:
                    rule = Annotations.Contains(key) ? new All([]) : null;
                    break;
            }

            if (rule is null)
            {
                return null;
            }

            rules.Add(rule);
        }

        return rules.Count == 1 ? rules[0] : new All(rules);
    }

    // Follows a $ref that stands alone; a $ref with other keywords beside it means different things in different
    // drafts, so it is not split. A boolean schema true is no rule; false is not understood here.
    private static bool Resolved(JsonNode? node, string pointer, Func<JsonNode?, string, (JsonNode? Node, string Pointer)> follow, out JsonObject? schema, out string at)
    {
        schema = null;
        at = pointer;
        if (node is JsonValue boolean && boolean.TryGetValue(out bool value))
        {
            return value;
        }

        if (node is not JsonObject obj)
        {
            return false;
        }

        if (obj.ContainsKey("$ref"))
        {
            if (obj.Count != 1)
            {
                return false;
            }

            var (target, targetPointer) = follow(obj, pointer);
            return Resolved(target, targetPointer, follow, out schema, out at);
        }

        schema = obj.Count == 0 ? null : obj;
        return true;
    }

    // A whole number of the schema, however the document's reader stored it (YAML integers are longs).
    private static int? Count(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
        && int.TryParse(value.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : null;

    private static string Escape(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static JsonValueKind[]? KindOf(string? type) => type switch
    {
        "string" => [JsonValueKind.String],
        "boolean" => [JsonValueKind.True, JsonValueKind.False],
        "null" => [JsonValueKind.Null],
        "object" => [JsonValueKind.Object],
        "array" => [JsonValueKind.Array],
        "number" => [JsonValueKind.Number],
        _ => null, // integer asks about the value; not split
    };

    private abstract class Rule
    {
        /// <summary>True when the rule says exactly what the library says; false when it may refuse more.</summary>
        public abstract bool Exact { get; }

        public abstract bool Holds(JsonElement value);

        public virtual Verdict Check(JsonElement value) => Holds(value) ? Verdict.Holds : Exact ? Verdict.Refused : Verdict.Doubtful;
    }

    private sealed class All(IReadOnlyList<Rule> rules) : Rule
    {
        public override bool Exact { get; } = rules.All(r => r.Exact);

        public override bool Holds(JsonElement value)
        {
            foreach (var rule in rules)
            {
                if (!rule.Holds(value))
                {
                    return false;
                }
            }

            return true;
        }

        public override Verdict Check(JsonElement value)
        {
            var verdict = Verdict.Holds;
            foreach (var rule in rules)
            {
                switch (rule.Check(value))
                {
                    case Verdict.Refused:
                        return Verdict.Refused;
                    case Verdict.Doubtful:
                        verdict = Verdict.Doubtful;
                        break;
                }
            }

            return verdict;
        }
    }

    private sealed class Kind(JsonValueKind[] kinds) : Rule
    {
        public override bool Exact => true;

        public override bool Holds(JsonElement value) => Array.IndexOf(kinds, value.ValueKind) >= 0;
    }

    private sealed class OneOf(string[] values) : Rule
    {
        public override bool Exact => true;

        public override bool Holds(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            foreach (var candidate in values)
            {
                if (value.ValueEquals(candidate))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private sealed class Not(Rule inner) : Rule
    {
        public override bool Exact => true;

        public override bool Holds(JsonElement value) => !inner.Holds(value);
    }

    // A pattern holds only when .NET's and ECMAScript's readings of it both find it, so it is never more lenient
    // than the library, whichever of the two it reads patterns with. It says nothing of a value that is not a string.
    private sealed class Pattern(Regex dotNet, Regex ecmaScript) : Rule
    {
        public override bool Exact => false;

        public static Pattern? TryCreate(string pattern)
        {
            try
            {
                return new Pattern(new Regex(pattern, RegexOptions.None), new Regex(pattern, RegexOptions.ECMAScript));
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        public override bool Holds(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                return true;
            }

            var text = value.GetString()!;
            return dotNet.IsMatch(text) && ecmaScript.IsMatch(text);
        }
    }

    // The dashed form: 8-4-4-4-12 hex digits and nothing else.
    private sealed class Uuid : Rule
    {
        public override bool Exact => false;

        public override bool Holds(JsonElement value)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                return true;
            }

            var text = value.GetString()!;
            if (text.Length != 36)
            {
                return false;
            }

            for (var i = 0; i < text.Length; i++)
            {
                var dash = i is 8 or 13 or 18 or 23;
                if (dash ? text[i] != '-' : !char.IsAsciiHexDigit(text[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }

    // Counted in text elements, the fewest any reading of length gives.
    private sealed class MinLength(int least) : Rule
    {
        public override bool Exact => false;

        public override bool Holds(JsonElement value) =>
            value.ValueKind != JsonValueKind.String || new StringInfo(value.GetString()!).LengthInTextElements >= least;
    }

    // Counted in UTF-16 units, the most any reading of length gives.
    private sealed class MaxLength(int most) : Rule
    {
        public override bool Exact => false;

        public override bool Holds(JsonElement value) => value.ValueKind != JsonValueKind.String || value.GetString()!.Length <= most;
    }
}

/// <summary>What value rules say of a frame: see <see cref="ValueRules.Check"/>.</summary>
internal enum Verdict
{
    Holds,
    Doubtful,
    Refused,
}
