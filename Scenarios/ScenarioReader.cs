using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ImServerTests.Scenarios;

/// <summary>
/// Reads a scenario file. Every problem (a YAML error, an unknown key, an unknown matcher, a ${variable} without a
/// value) is a <see cref="ScenarioException"/> with the file, line and column and what is allowed there.
/// </summary>
public static class ScenarioReader
{
    public static readonly IReadOnlyList<string> Matchers = ["uuid", "epochMillis", "any", "absent"];

    public static Scenario Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ScenarioException($"{path}: file not found");
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static Scenario Parse(string yaml, string source)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw ScenarioException.At(new Position(source, (int)e.Start.Line, (int)e.Start.Column), $"not valid YAML: {e.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw ScenarioException.At(new Position(source, 1, 1), "a scenario is a mapping with the keys name, description, participants and steps");
        }

        return new Reader(source).Read(root);
    }

    private sealed class Reader(string source)
    {
        private readonly HashSet<string> _defined = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Participant> _participants = new(StringComparer.Ordinal);
        private readonly HashSet<string> _connected = new(StringComparer.Ordinal);

        public Scenario Read(YamlMappingNode root)
        {
            var keys = Keys(root, ["name", "description", "participants", "steps"], "the scenario");
            var name = Text(Required(keys, "name", root), "name");
            var description = keys.TryGetValue("description", out var d) ? Text(d, "description") : null;
            foreach (var (participant, body) in Keys(Mapping(Required(keys, "participants", root), "participants"), null, "participants"))
            {
                _participants[participant] = ReadParticipant(participant, body);
                _defined.Add(participant);
            }

            if (_participants.Count == 0)
            {
                throw Error(root, "participants is empty: name at least one connection, for example customer: {}");
            }

            var steps = Required(keys, "steps", root) as YamlSequenceNode
                ?? throw Error(keys["steps"], "steps must be a list: - send: ..., - expect: ..., - expectNothing: ...");
            return new Scenario(name, description, [.. _participants.Values], [.. steps.Children.Select(ReadStep)], source);
        }

        private Participant ReadParticipant(string name, YamlNode body)
        {
            if (!Variables.IsName(name))
            {
                throw Error(body, $"participant '{name}' needs a name of letters, digits and underscores, starting with a letter");
            }

            var fields = Keys(Mapping(body, $"participant '{name}'"), ["id"], $"participant '{name}'");
            return new Participant(name, fields.TryGetValue("id", out var id) ? Text(id, "id") : null);
        }

        private ScenarioStep ReadStep(YamlNode node)
        {
            var keys = Keys(Mapping(node, "a step"), ["send", "expect", "expectNothing"], "a step");
            if (keys.Count != 1)
            {
                throw Error(node, "a step has exactly one of send, expect, expectNothing");
            }

            var (kind, body) = keys.First();
            return kind switch
            {
                "send" => ReadSend(Mapping(body, "send")),
                "expect" => ReadExpect(Mapping(body, "expect")),
                _ => ReadExpectNothing(Mapping(body, "expectNothing")),
            };
        }

        private SendStep ReadSend(YamlMappingNode node)
        {
            var keys = Keys(node, ["by", "frame", "text"], "send");
            var by = By(keys, node);
            if (keys.ContainsKey("frame") == keys.ContainsKey("text"))
            {
                throw Error(node, "send takes one of frame (a JSON object) or text (raw text, for frames that are not JSON)");
            }

            if (keys.TryGetValue("text", out var textNode))
            {
                var text = textNode is YamlScalarNode { Value: { } value } ? value : throw Error(textNode, "text must be a text value");
                CheckVariables(text, textNode);
                return new SendStep(At(node), by, null, text);
            }

            return new SendStep(At(node), by, (JsonObject)Json(Mapping(keys["frame"], "frame"))!, null);
        }

        private ExpectStep ReadExpect(YamlMappingNode node)
        {
            var keys = Keys(node, ["by", "frame", "timeout"], "expect");
            var by = By(keys, node);
            var rules = new List<FieldRule>();
            var captures = new List<string>();
            foreach (var (field, value) in Keys(Mapping(Required(keys, "frame", node), "frame"), null, "frame"))
            {
                var rule = ReadRule(field, value);
                rules.Add(rule);
                if (rule.Capture is { } capture)
                {
                    captures.Add(capture);
                }
            }

            _defined.UnionWith(captures);
            return new ExpectStep(At(node), by, rules, Timeout(keys));
        }

        private ExpectNothingStep ReadExpectNothing(YamlMappingNode node)
        {
            var keys = Keys(node, ["by", "timeout"], "expectNothing");
            return new ExpectNothingStep(At(node), By(keys, node), Timeout(keys));
        }

        private FieldRule ReadRule(string field, YamlNode value)
        {
            if (value is YamlScalarNode { Value: { } literal })
            {
                CheckVariables(literal, value);
                return new FieldRule(field, RuleKind.Literal, literal);
            }

            var keys = Keys(Mapping(value, $"field '{field}'"), ["match", "regex", "equals", "capture"], $"field '{field}'");
            var capture = keys.TryGetValue("capture", out var c) ? Text(c, "capture") : null;
            if (capture is not null && !Variables.IsName(capture))
            {
                throw Error(c!, $"capture '{capture}' is not a variable name: use letters, digits and underscores, starting with a letter");
            }

            var kinds = keys.Keys.Where(k => k != "capture").ToList();
            if (kinds.Count > 1)
            {
                throw Error(value, $"field '{field}' takes one of match, regex, equals (and capture), not {string.Join(" and ", kinds)}");
            }

            if (kinds.Count == 0)
            {
                return new FieldRule(field, RuleKind.Any, Capture: capture);
            }

            var kind = kinds[0];
            var text = Text(keys[kind], kind);
            if (kind == "equals")
            {
                CheckVariables(text, keys[kind]);
                return new FieldRule(field, RuleKind.Literal, text, capture);
            }

            if (kind == "regex")
            {
                CheckRegex(text, keys[kind]);
                return new FieldRule(field, RuleKind.Regex, text, capture);
            }

            var matcher = text switch
            {
                "uuid" => RuleKind.Uuid,
                "epochMillis" => RuleKind.EpochMillis,
                "any" => RuleKind.Any,
                "absent" => RuleKind.Absent,
                _ => throw Error(keys[kind], $"unknown matcher '{text}'; allowed: {string.Join(", ", Matchers)} (or regex: ..., equals: ...)"),
            };
            return new FieldRule(field, matcher, Capture: capture);
        }

        private void CheckRegex(string pattern, YamlNode node)
        {
            try
            {
                _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException e)
            {
                throw Error(node, $"regex '{pattern}' is not a valid regular expression: {e.Message}");
            }
        }

        private string By(Dictionary<string, YamlNode> keys, YamlNode step)
        {
            var by = Text(Required(keys, "by", step), "by");
            if (!_participants.TryGetValue(by, out var participant))
            {
                throw Error(keys["by"], $"'{by}' is not a participant; participants: {string.Join(", ", _participants.Keys)}");
            }

            // A participant connects when it is first used: its id's variables must have values by then.
            if (_connected.Add(by) && participant.Id is { } id)
            {
                CheckVariables(id, keys["by"]);
            }

            return by;
        }

        private TimeSpan? Timeout(Dictionary<string, YamlNode> keys)
        {
            if (!keys.TryGetValue("timeout", out var node))
            {
                return null;
            }

            return double.TryParse(Text(node, "timeout"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= 600
                ? TimeSpan.FromSeconds(seconds)
                : throw Error(node, "timeout is a number of seconds above 0 and at most 600");
        }

        // A frame to send, as JSON: quoted YAML values are texts; plain ones that read as numbers, booleans or null are those.
        private JsonNode? Json(YamlNode node) => node switch
        {
            YamlMappingNode mapping => new JsonObject(mapping.Children.Select(p => KeyValuePair.Create(Text(p.Key, "a field name"), Json(p.Value)))),
            YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Json)]),
            YamlScalarNode scalar => Scalar(scalar),
            _ => throw Error(node, "unsupported YAML node"),
        };

        private JsonNode? Scalar(YamlScalarNode scalar)
        {
            var text = scalar.Value ?? "";
            if (scalar.Style != ScalarStyle.Plain)
            {
                CheckVariables(text, scalar);
                return JsonValue.Create(text);
            }

            if (text is "null" or "~")
            {
                return null;
            }

            if (text is "true" or "false")
            {
                return JsonValue.Create(text == "true");
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !text.StartsWith('0'))
            {
                return JsonValue.Create(number);
            }

            CheckVariables(text, scalar);
            return JsonValue.Create(text);
        }

        private string CheckVariables(string text, YamlNode at)
        {
            foreach (var name in Variables.NamesIn(text))
            {
                if (!_defined.Contains(name))
                {
                    throw Error(at, $"${{{name}}} is not defined here; defined: {string.Join(", ", _defined.Select(n => "${" + n + "}"))} (participants, and captures of earlier steps)");
                }
            }

            return text;
        }

        private Dictionary<string, YamlNode> Keys(YamlMappingNode mapping, IReadOnlyCollection<string>? allowed, string what)
        {
            var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in mapping.Children)
            {
                var key = Text(keyNode, "a key");
                if (allowed is not null && !allowed.Contains(key))
                {
                    throw Error(keyNode, $"unknown key '{key}' in {what}; allowed: {string.Join(", ", allowed)}");
                }

                result[key] = value;
            }

            return result;
        }

        private YamlNode Required(Dictionary<string, YamlNode> keys, string key, YamlNode parent) =>
            keys.TryGetValue(key, out var node) ? node : throw Error(parent, $"key '{key}' is missing");

        private YamlMappingNode Mapping(YamlNode node, string what) =>
            node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping of keys to values");

        private string Text(YamlNode node, string what) =>
            node is YamlScalarNode { Value: { } value } ? value : throw Error(node, $"{what} must be a text value");

        private Position At(YamlNode node) => new(source, (int)node.Start.Line, (int)node.Start.Column);

        private ScenarioException Error(YamlNode node, string problem) => ScenarioException.At(At(node), problem);
    }
}
