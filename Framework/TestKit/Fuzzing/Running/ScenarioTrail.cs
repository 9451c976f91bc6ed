using System.Globalization;
using ImServerTests.Api;
using ImServerTests.TestKit.Fuzzing.Model;
using ImServerTests.TestKit.Scenarios;

namespace ImServerTests.TestKit.Fuzzing.Running;

/// <summary>
/// The case as it ran, written down as a scenario of the regression: its participants (fresh ids, reconnections and
/// seats by the variables of their ids), each frame sent exactly as sent (ids by their variables), and an expect step
/// for what the protocol requires where it says exactly one thing. What it leaves open is left out.
/// </summary>
internal sealed class ScenarioTrail
{
    private static readonly Position Nowhere = new("fuzz", 0, 0);

    private readonly List<Participant> _participants = [];
    private readonly List<ScenarioStep> _steps = [];
    private readonly Dictionary<string, string> _templates = new(StringComparer.Ordinal);

    /// <summary>A participant of <paramref name="actualId"/>; <paramref name="id"/> null: a fresh id, whose variable is the participant's name.</summary>
    public void Participant(string name, string? id, string actualId)
    {
        _participants.Add(new Participant(name, id));
        _templates.TryAdd(actualId, id ?? "${" + name + "}");
    }

    /// <summary>A variable captured from a frame: the teacher id of a match reply.</summary>
    public void Variable(string actualId, string variable) => _templates[actualId] = "${" + variable + "}";

    /// <summary>What stands for <paramref name="actual"/> (an id of the case) in the scenario's texts, or the text itself.</summary>
    public string Templated(string actual) => _templates.GetValueOrDefault(actual, actual);

    public void Send(string by, string text) => _steps.Add(new SendStep(Nowhere, by, null, text));

    public void SendMatch(string by, string user) =>
        _steps.Add(new SendStep(Nowhere, by, new System.Text.Json.Nodes.JsonObject { ["type"] = Protocol.Match, ["from"] = Templated(user), ["to"] = Protocol.System }, null));

    /// <summary>The reply <paramref name="shape"/> to the connection of <paramref name="user"/>; a match reply's teacher may be captured.</summary>
    public void ExpectReply(string by, string user, ReplyShape shape, string? capture = null)
    {
        var rules = new List<FieldRule>();
        if (shape.Type is { } type)
        {
            rules.Add(new FieldRule("type", Matchers.Exactly, type));
        }

        rules.Add(new FieldRule("code", Matchers.Exactly, shape.Code));
        rules.Add(new FieldRule("from", Matchers.Exactly, Protocol.System));
        rules.Add(new FieldRule("to", Matchers.Exactly, Templated(user)));
        if (capture is not null)
        {
            rules.Add(new FieldRule("msg", Matchers.Pattern, Protocol.TeacherIdPattern, capture));
        }
        else if (shape.Msg is { } msg)
        {
            rules.Add(new FieldRule("msg", Matchers.Exactly, Templated(msg)));
        }

        rules.Add(new FieldRule("msgId", Matchers.Uuid));
        rules.Add(new FieldRule("timestamp", Matchers.EpochMillis));
        _steps.Add(new ExpectStep(Nowhere, by, rules, null));
    }

    /// <summary>A relayed message: the fields its sender gave, exactly; the three a server stamps, absent unless given.</summary>
    public void ExpectRelay(string by, IReadOnlyDictionary<string, FieldValue> fields)
    {
        var rules = new List<FieldRule>();
        foreach (var name in Protocol.FrameFields)
        {
            if (fields.TryGetValue(name, out var value))
            {
                if (value.Exact)
                {
                    rules.Add(new FieldRule(name, Matchers.Exactly, name is "from" or "to" ? Templated(value.Value) : value.Value));
                }
            }
            else if (name is "code" or "msgId" or "timestamp")
            {
                rules.Add(new FieldRule(name, Matchers.Absent));
            }
        }

        _steps.Add(new ExpectStep(Nowhere, by, rules, null));
    }

    /// <summary>The bot teacher's answer to the customer.</summary>
    public void ExpectTeacherAnswer(string by, string teacher, string customer) =>
        _steps.Add(new ExpectStep(Nowhere, by,
            [new FieldRule("type", Matchers.Exactly, Protocol.Normal), new FieldRule("code", Matchers.Exactly, Protocol.Success),
             new FieldRule("from", Matchers.Exactly, Templated(teacher)), new FieldRule("to", Matchers.Exactly, Templated(customer))], null));

    public Scenario Scenario(string name, string description) =>
        new(name, description, [.. _participants], [.. _steps], "fuzz");

    public int StepCount => _steps.Count;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_participants.Count} participants, {_steps.Count} steps");
}
