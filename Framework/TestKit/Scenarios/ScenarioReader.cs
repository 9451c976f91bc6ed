using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ImServerTests.Yaml;

namespace ImServerTests.TestKit.Scenarios;

/// <summary>
/// Reads a scenario file: the project's one YAML reading (<see cref="YamlJson"/>, the YAML 1.2 core schema) with the
/// scenario language's rules on top. Every problem (a YAML error, an unknown key, step kind or matcher, a value of the
/// wrong kind, a ${variable} without a value) is a <see cref="ScenarioException"/> with the file, line and column and
/// what is allowed there.
/// </summary>
public static partial class ScenarioReader
{
    /// <summary>The keys of a scenario file.</summary>
    public static readonly IReadOnlyList<string> ScenarioKeys = ["name", "description", "participants", "steps"];

    /// <summary>The kinds of step, each the one key of a step.</summary>
    public static readonly IReadOnlyList<string> StepKinds = ["send", "expect", "expectNothing"];

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
        YamlJson document;
        try
        {
            document = YamlJson.Parse(yaml, source);
        }
        catch (YamlReadException e)
        {
            throw ScenarioException.At(new Position(source, e.Line, e.Column), e.Problem);
        }

        return new Reader(document).Read();
    }

    private sealed class Reader(YamlJson document)
    {
        private readonly HashSet<string> _defined = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Participant> _participants = new(StringComparer.Ordinal);
        private readonly HashSet<string> _connected = new(StringComparer.Ordinal);

        public Scenario Read()
        {
            if (document.Root is not JsonObject)
            {
                throw Error("", $"a scenario is a mapping with the keys {string.Join(", ", ScenarioKeys)}");
            }

            var keys = Keys("", ScenarioKeys, "the scenario");
            var name = Text(Required(keys, "name", ""), "name");
            var description = keys.TryGetValue("description", out var d) ? Text(d, "description") : null;
            var participantsPointer = Required(keys, "participants", "");
            Mapping(participantsPointer, "participants");
            foreach (var (participant, body) in Keys(participantsPointer, null, "participants"))
            {
                _participants[participant] = ReadParticipant(participant, body);
                _defined.Add(participant);
            }

            if (_participants.Count == 0)
            {
                throw Error(participantsPointer, "participants is empty: name at least one connection, for example customer: {}");
            }

            var stepsPointer = Required(keys, "steps", "");
            var steps = Node(stepsPointer) as JsonArray
                ?? throw Error(stepsPointer, $"steps must be a list: {string.Join(", ", StepKinds.Select(k => $"- {k}: ..."))}");
            return new Scenario(name, description, [.. _participants.Values], [.. steps.Select((_, i) => ReadStep(YamlJson.Pointer(stepsPointer, I(i))))], document.Source);
        }

        private Participant ReadParticipant(string name, string pointer)
        {
            if (!Variables.IsName(name))
            {
                throw KeyError(pointer, $"participant '{name}' needs a name of letters, digits and underscores, starting with a letter");
            }

            Mapping(pointer, $"participant '{name}'");
            var fields = Keys(pointer, ["id"], $"participant '{name}'");
            return new Participant(name, fields.TryGetValue("id", out var id) ? Text(id, "id") : null);
        }

        private ScenarioStep ReadStep(string pointer)
        {
            Mapping(pointer, "a step");
            var keys = Keys(pointer, StepKinds, "a step");
            if (keys.Count != 1)
            {
                throw Error(pointer, $"a step has exactly one of {string.Join(", ", StepKinds)}");
            }

            var (kind, body) = keys.First();
            Mapping(body, kind);
            return kind switch
            {
                "send" => ReadSend(body),
                "expect" => ReadExpect(body),
                "expectNothing" => ReadExpectNothing(body),
                _ => throw Error(pointer, $"unknown step kind '{kind}'; allowed: {string.Join(", ", StepKinds)}"),
            };
        }

        private SendStep ReadSend(string pointer)
        {
            var keys = Keys(pointer, ["by", "frame", "text"], "send");
            var by = By(keys, pointer);
            if (keys.ContainsKey("frame") == keys.ContainsKey("text"))
            {
                throw Error(pointer, "send takes one of frame (a JSON object) or text (raw text, for frames that are not JSON)");
            }

            if (keys.TryGetValue("text", out var textPointer))
            {
                var text = Node(textPointer) is JsonValue value && value.GetValueKind() == JsonValueKind.String
                    ? value.GetValue<string>()
                    : throw Error(textPointer, $"text must be a text value (quote it), not {YamlJson.Describe(Node(textPointer))}");
                CheckVariables(text, textPointer);
                return new SendStep(At(pointer), by, null, text);
            }

            var framePointer = keys["frame"];
            var frame = Node(framePointer) as JsonObject ?? throw Error(framePointer, "frame must be a mapping of fields to values (a JSON object)");
            CheckTexts(frame, framePointer);
            return new SendStep(At(pointer), by, (JsonObject)frame.DeepClone(), null);
        }

        private ExpectStep ReadExpect(string pointer)
        {
            var keys = Keys(pointer, ["by", "frame", "timeout", "within"], "expect");
            var by = By(keys, pointer);
            var framePointer = Required(keys, "frame", pointer);
            Mapping(framePointer, "frame");
            var rules = Keys(framePointer, null, "frame").Select(field => ReadRule(field.Key, field.Value)).ToList();
            _defined.UnionWith(rules.Where(r => r.Capture is not null).Select(r => r.Capture!));
            var timeout = Timeout(keys);
            var within = Within(keys);
            if (within > timeout)
            {
                throw Error(keys["within"], $"within ({within.Value.TotalMilliseconds:0} ms) is longer than the step's timeout ({timeout.Value.TotalSeconds:0.###} s), so it could never be broken: lower it, or raise the timeout");
            }

            return new ExpectStep(At(pointer), by, rules, timeout) { Within = within };
        }

        private ExpectNothingStep ReadExpectNothing(string pointer)
        {
            var keys = Keys(pointer, ["by", "timeout"], "expectNothing");
            return new ExpectNothingStep(At(pointer), By(keys, pointer), Timeout(keys));
        }

        // A field is a bare text (exactly that text) or a mapping: one matcher of the table, and capture.
        private FieldRule ReadRule(string field, string pointer)
        {
            switch (Node(pointer))
            {
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    var literal = value.GetValue<string>();
                    CheckVariables(literal, pointer);
                    return new FieldRule(field, Matchers.Exactly, literal);
                case JsonObject:
                    break;
                default:
                    throw Error(pointer, $"field '{field}' is {YamlJson.Describe(Node(pointer))}: give a text (the protocol's fields are texts, so quote numbers: \"0\") "
                        + $"or a mapping of {string.Join(", ", Matchers.Keys)}");
            }

            var keys = Keys(pointer, Matchers.Keys, $"field '{field}'");
            string? capture = null;
            if (keys.TryGetValue(Matchers.CaptureKey, out var capturePointer))
            {
                capture = Text(capturePointer, Matchers.CaptureKey);
                if (!Variables.IsName(capture))
                {
                    throw Error(capturePointer, $"capture '{capture}' is not a variable name: use letters, digits and underscores, starting with a letter");
                }
            }

            var given = keys.Keys.Where(k => k != Matchers.CaptureKey).ToList();
            if (given.Count > 1)
            {
                throw Error(pointer, $"field '{field}' takes one of {string.Join(", ", Matchers.Keys.Where(k => k != Matchers.CaptureKey))} (and capture), not {string.Join(" and ", given)}");
            }

            if (given.Count == 0)
            {
                return new FieldRule(field, Matchers.AnyText, Capture: capture);
            }

            var key = given[0];
            var textPointer = keys[key];
            var text = Text(textPointer, key);
            if (key == Matchers.MatchKey)
            {
                var named = Matchers.ByName.FirstOrDefault(m => m.Name == text)
                    ?? throw Error(textPointer, $"unknown matcher '{text}'; allowed: {string.Join(", ", Matchers.ByName.Select(m => m.Name))} "
                        + $"(or {string.Join(", ", Matchers.WithText.Select(m => m.Name + ": ..."))})");
                return new FieldRule(field, named, Capture: capture);
            }

            var matcher = Matchers.WithText.Single(m => m.Name == key);
            if (matcher.Problem?.Invoke(text) is { } problem)
            {
                throw Error(textPointer, problem);
            }

            if (matcher.PutsInVariables)
            {
                CheckVariables(text, textPointer);
            }

            return new FieldRule(field, matcher, text, capture);
        }

        private string By(Dictionary<string, string> keys, string step)
        {
            var byPointer = Required(keys, "by", step);
            var by = Text(byPointer, "by");
            if (!_participants.TryGetValue(by, out var participant))
            {
                throw Error(byPointer, $"'{by}' is not a participant; participants: {string.Join(", ", _participants.Keys)}");
            }

            // A participant connects when it is first used: its id's variables must have values by then.
            if (_connected.Add(by) && participant.Id is { } id)
            {
                CheckVariables(id, byPointer);
            }

            return by;
        }

        private TimeSpan? Timeout(Dictionary<string, string> keys)
        {
            if (!keys.TryGetValue("timeout", out var pointer))
            {
                return null;
            }

            return Node(pointer) is JsonValue value && value.GetValueKind() == JsonValueKind.Number
                && double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture) is var seconds and > 0 and <= 600
                ? TimeSpan.FromSeconds(seconds)
                : throw Error(pointer, $"timeout is a number of seconds above 0 and at most 600 (without quotes), not {YamlJson.Describe(Node(pointer))}");
        }

        // The step's own latency budget, "500ms" or "1.5s": the frame must arrive that soon after the send that caused it.
        private TimeSpan? Within(Dictionary<string, string> keys)
        {
            if (!keys.TryGetValue("within", out var pointer))
            {
                return null;
            }

            var text = Node(pointer) is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
            var match = text is null ? null : DurationPattern().Match(text);
            if (match is not { Success: true })
            {
                throw Error(pointer, $"within is a duration such as 500ms or 1.5s (above 0, at most 600s), not {YamlJson.Describe(Node(pointer))}");
            }

            var number = double.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture);
            var duration = match.Groups["unit"].Value == "s" ? TimeSpan.FromSeconds(number) : TimeSpan.FromMilliseconds(number);
            return duration > TimeSpan.Zero && duration <= TimeSpan.FromSeconds(600)
                ? duration
                : throw Error(pointer, $"within is a duration above 0 and at most 600s, not {text}");
        }

        // Every text of a frame to send may use variables; they must have values by then.
        private void CheckTexts(JsonNode? node, string pointer)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        CheckTexts(value, YamlJson.Pointer(pointer, key));
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        CheckTexts(array[i], YamlJson.Pointer(pointer, I(i)));
                    }

                    break;
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    CheckVariables(value.GetValue<string>(), pointer);
                    break;
            }
        }

        private void CheckVariables(string text, string pointer)
        {
            foreach (var name in Variables.NamesIn(text))
            {
                if (!_defined.Contains(name))
                {
                    throw Error(pointer, $"${{{name}}} is not defined here; defined: {string.Join(", ", _defined.Select(n => "${" + n + "}"))} (participants, and captures of earlier steps)");
                }
            }
        }

        // The members of a mapping by name, each with its pointer; a key outside allowed (when given) is an error.
        private Dictionary<string, string> Keys(string pointer, IReadOnlyCollection<string>? allowed, string what)
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, _) in (JsonObject)Node(pointer)!)
            {
                var member = YamlJson.Pointer(pointer, key);
                if (allowed is not null && !allowed.Contains(key))
                {
                    throw KeyError(member, $"unknown key '{key}' in {what}; allowed: {string.Join(", ", allowed)}");
                }

                result[key] = member;
            }

            return result;
        }

        private string Required(Dictionary<string, string> keys, string key, string parent) =>
            keys.TryGetValue(key, out var pointer) ? pointer : throw Error(parent, $"key '{key}' is missing");

        private void Mapping(string pointer, string what)
        {
            if (Node(pointer) is not JsonObject)
            {
                throw Error(pointer, $"{what} must be a mapping of keys to values, not {YamlJson.Describe(Node(pointer))}");
            }
        }

        private string Text(string pointer, string what) =>
            Node(pointer) is JsonValue value && value.GetValueKind() == JsonValueKind.String
                ? value.GetValue<string>()
                : throw Error(pointer, $"{what} must be a text value, not {YamlJson.Describe(Node(pointer))}" + (Node(pointer) is JsonValue ? " (quote it)" : ""));

        private JsonNode? Node(string pointer)
        {
            JsonNode? node = document.Root;
            foreach (var part in pointer.Split('/').Skip(1))
            {
                var key = part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                node = node is JsonArray array ? array[int.Parse(key, CultureInfo.InvariantCulture)] : node?[key];
            }

            return node;
        }


        private static string I(int index) => index.ToString(CultureInfo.InvariantCulture);

        private Position At(string pointer)
        {
            var place = document.PlaceOf(pointer);
            return new Position(document.Source, place.Line, place.Column);
        }

        private ScenarioException Error(string pointer, string problem) => ScenarioException.At(At(pointer), problem);

        private ScenarioException KeyError(string pointer, string problem)
        {
            var place = document.KeyPlaceOf(pointer);
            return ScenarioException.At(new Position(document.Source, place.Line, place.Column), problem);
        }
    }

    [GeneratedRegex(@"^(?<number>[0-9]+(\.[0-9]+)?)(?<unit>ms|s)$")]
    private static partial Regex DurationPattern();
}
