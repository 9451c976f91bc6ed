using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ImServerTests.Api;

namespace ImServerTests.TestKit.Scenarios.Har;

/// <summary>
/// Turns a recording into a scenario that passes against the server it was recorded from and keeps passing:
/// every connection becomes a participant on one timeline, user ids become fresh participants, a teacher id
/// learned from a match reply is captured and reused, msgId and timestamp become matchers, and only the
/// protocol's fixed texts are asserted verbatim; other texts become "any text" with the recorded value kept as a
/// comment. The exception is a chat text that a participant of the recording sent itself, which must come back
/// unchanged. A missing field of a frame is asserted absent.
/// </summary>
public static partial class ScenarioImporter
{
    private static readonly string[] FixedTexts = [Protocol.PushSuccess, Protocol.EmptyMessage, Protocol.Greeting];

    /// <summary>The scenario, and the warnings of the recording and of the import (what was left out, and why).</summary>
    public static (Scenario Scenario, IReadOnlyList<string> Warnings) Import(Recording recording, string name, string source)
    {
        ArgumentNullException.ThrowIfNull(recording);
        var importer = new Importer(recording, name, source);
        var scenario = importer.Build();
        return (scenario, [.. recording.Warnings, .. importer.Warnings]);
    }

    [GeneratedRegex(Protocol.TeacherIdPattern)]
    private static partial Regex TeacherId();

    [GeneratedRegex(Protocol.UuidPattern)]
    private static partial Regex Uuid();

    [GeneratedRegex("^[0-9]{13}$")]
    private static partial Regex EpochMillis();

    private sealed class Importer(Recording recording, string name, string source)
    {
        private readonly Dictionary<string, string> _variableOfId = new(StringComparer.Ordinal);
        private readonly Dictionary<RecordedConnection, string> _participantOf = [];
        private readonly List<Participant> _participants = [];
        private readonly HashSet<string> _sentTexts = new(StringComparer.Ordinal);
        private int _teacherIds;

        public List<string> Warnings { get; } = [];

        public Scenario Build()
        {
            var timeline = recording.Connections
                .SelectMany(connection => connection.Messages.Select(message => (connection, message)))
                .OrderBy(e => e.message.Time)
                .ToList();
            var steps = new List<ScenarioStep>();
            var at = new Position(source, 0, 0);
            foreach (var (connection, message) in timeline)
            {
                var by = Participant(connection);
                if (message.Direction == RecordedDirection.Send)
                {
                    steps.Add(Send(by, message.Data, at));
                }
                else if (Parse(message.Data) is JsonObject frame)
                {
                    steps.Add(Expect(by, frame, at));
                }
                else
                {
                    Warnings.Add($"skipped a frame {by} received that is not a JSON object ({Shorten(message.Data)}): a scenario expects JSON objects");
                }
            }

            return new Scenario(name, $"Imported from {Path.GetFileName(source)}.", _participants, steps, source);
        }

        // A customer connects as a fresh user; a teacher's seat connects with the teacher id captured earlier.
        private string Participant(RecordedConnection connection)
        {
            if (_participantOf.TryGetValue(connection, out var known))
            {
                return known;
            }

            var id = connection.UserId;
            var teacher = Protocol.IsTeacher(id);
            var name = Unique(teacher ? "teacher" : "customer");
            string? participantId = teacher ? (_variableOfId.TryGetValue(id, out var variable) ? "${" + variable + "}" : id) : null;
            _participants.Add(new Participant(name, participantId));
            _participantOf[connection] = name;
            _variableOfId.TryAdd(id, name);
            return name;
        }

        private SendStep Send(string by, string data, Position at)
        {
            if (Parse(data) is JsonObject frame)
            {
                foreach (var (key, value) in frame.ToList())
                {
                    if (value is JsonValue text && text.TryGetValue(out string? s))
                    {
                        frame[key] = Substitute(s);
                        if (key == "msg")
                        {
                            _sentTexts.Add(s);
                        }
                    }
                }

                return new SendStep(at, by, frame, null);
            }

            return new SendStep(at, by, null, Substitute(data));
        }

        private ExpectStep Expect(string by, JsonObject frame, Position at)
        {
            var rules = new List<FieldRule>();
            foreach (var field in Protocol.FrameFields)
            {
                rules.Add(frame[field] is JsonValue value && value.TryGetValue(out string? text)
                    ? Rule(field, text, frame)
                    : frame.ContainsKey(field) ? new FieldRule(field, Matchers.AnyText, Comment: $"recorded: {frame[field]?.ToJsonString()}") : new FieldRule(field, Matchers.Absent));
            }

            return new ExpectStep(at, by, rules, null);
        }

        private FieldRule Rule(string field, string value, JsonObject frame)
        {
            switch (field)
            {
                case "msgId" when Uuid().IsMatch(value):
                    return new FieldRule(field, Matchers.Uuid);
                case "timestamp" when EpochMillis().IsMatch(value):
                    return new FieldRule(field, Matchers.EpochMillis);
                case "msg":
                    return Message(value, frame);
                default:
                    return _variableOfId.ContainsKey(value) || !TeacherId().IsMatch(value)
                        ? new FieldRule(field, Matchers.Exactly, Substitute(value))
                        : new FieldRule(field, Matchers.Pattern, Protocol.TeacherIdPattern, Comment: $"recorded: {value}");
            }
        }

        private FieldRule Message(string value, JsonObject frame)
        {
            if (_variableOfId.ContainsKey(value))
            {
                return new FieldRule("msg", Matchers.Exactly, Substitute(value));
            }

            if (TeacherId().IsMatch(value) && frame["type"]?.ToString() == Protocol.Match)
            {
                var variable = _teacherIds++ == 0 ? "teacherId" : $"teacherId{_teacherIds}";
                _variableOfId[value] = variable;
                return new FieldRule("msg", Matchers.Pattern, Protocol.TeacherIdPattern, Capture: variable, Comment: $"recorded: {value}");
            }

            return FixedTexts.Contains(value) || _sentTexts.Contains(value)
                ? new FieldRule("msg", Matchers.Exactly, value)
                : new FieldRule("msg", Matchers.AnyText, Comment: $"recorded: {Shorten(value)}");
        }

        // Known ids (participants, captured teacher ids) become their variables.
        private string Substitute(string value) => _variableOfId.TryGetValue(value, out var variable) ? "${" + variable + "}" : value;

        private string Unique(string stem)
        {
            var name = stem;
            for (var i = 2; _participants.Any(p => p.Name == name) || _variableOfId.ContainsValue(name); i++)
            {
                name = stem + i;
            }

            return name;
        }

        private static JsonNode? Parse(string data)
        {
            try
            {
                return JsonNode.Parse(data);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
    }
}
