using ImServerTests.Scenarios;

namespace ImServerTests.TestCases.Support;

/// <summary>
/// Plays a scenario: each participant connects when it is first used, sends go out as written with ${variables}
/// put in, and the expectations between two sends are matched in any order: a frame is picked by its type and
/// from (when the step names them) and then checked field by field. All differences of a group are reported
/// together; a group that fails ends the scenario, since later steps build on it. Each step is an Allure step.
/// </summary>
internal sealed class ScenarioRunner(Func<string, Task<ImServerApi>> connect, Func<string> freshId, TimeSpan quietWindow)
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImServerApi> _connections = new(StringComparer.Ordinal);
    private Scenario _scenario = null!;

    public async Task RunAsync(Scenario scenario)
    {
        _scenario = scenario;
        foreach (var participant in scenario.Participants.Where(p => p.Id is null))
        {
            _values[participant.Name] = freshId();
        }

        var steps = scenario.Steps;
        for (var i = 0; i < steps.Count;)
        {
            if (steps[i] is ExpectStep)
            {
                var group = steps.Skip(i).TakeWhile(s => s is ExpectStep).Cast<ExpectStep>().ToList();
                await ExpectAsync(group);
                i += group.Count;
                continue;
            }

            var step = steps[i++];
            await AllureApi.Step($"{step} (line {step.At.Line})", () => step switch
            {
                SendStep send => SendAsync(send),
                ExpectNothingStep nothing => ExpectNothingAsync(nothing),
                _ => Task.CompletedTask,
            });
        }
    }

    private async Task SendAsync(SendStep step)
    {
        var connection = await ConnectionAsync(step.By, step.At);
        var text = step.Frame is not null ? Substitute(step.Frame.ToJsonString(), step.At) : Substitute(step.Text ?? "", step.At);
        await connection.SendAsync(text);
    }

    private async Task ExpectNothingAsync(ExpectNothingStep step)
    {
        var connection = await ConnectionAsync(step.By, step.At);
        var frame = await connection.ReceiveAnyWithinAsync(step.Timeout ?? quietWindow);
        frame.Should().BeNull("{0} expects no frame ({1})", step.By, step.At);
    }

    private async Task ExpectAsync(IReadOnlyList<ExpectStep> group)
    {
        using var scope = new AssertionScope();
        foreach (var step in group)
        {
            if (!await AllureApi.Step($"{step} (line {step.At.Line})", () => ExpectOneAsync(step)))
            {
                break;
            }
        }
    }

    // Returns false when no frame could be picked: the rest of the group would only wait for nothing.
    private async Task<bool> ExpectOneAsync(ExpectStep step)
    {
        var connection = await ConnectionAsync(step.By, step.At);
        var type = Literal(step, "type");
        var from = Literal(step, "from");
        var what = $"{(type is null ? "a frame" : $"a {type} frame")}{(from is null ? "" : $" from {from}")} ({step.At})";
        ImFrame frame;
        try
        {
            frame = await connection.ReceiveAsync(
                f => (type is null || f.Type == type) && (from is null || f.From == from), what, [], step.Timeout ?? connection.ReceiveTimeout);
        }
        catch (Exception e) when (e is ImServerTests.Client.WebSocketClientException)
        {
            Execute.Assertion.FailWith(e.Message.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
            return false;
        }

        var expectation = new FrameExpectation(step.Fields.ToDictionary(rule => rule.Field, rule => Matcher(rule, step.At)));
        frame.Should().Match(expectation, because: "of the scenario step at {0}", becauseArgs: step.At);
        if (expectation.Mismatches(frame).Count == 0)
        {
            foreach (var rule in step.Fields.Where(r => r.Capture is not null))
            {
                _values[rule.Capture!] = frame.Field(rule.Field) ?? "";
            }
        }

        return true;
    }

    private string? Literal(ExpectStep step, string field) =>
        step.Fields.FirstOrDefault(r => r.Field == field && r.Kind == RuleKind.Literal)?.Value is { } value ? Substitute(value, step.At) : null;

    private FieldMatcher Matcher(FieldRule rule, Position at) => rule.Kind switch
    {
        RuleKind.Literal => FieldMatcher.Is(Substitute(rule.Value ?? "", at)),
        RuleKind.Regex => FieldMatcher.Matches(rule.Value ?? ""),
        RuleKind.Uuid => FieldMatcher.Uuid,
        RuleKind.EpochMillis => FieldMatcher.EpochMillis,
        RuleKind.Absent => FieldMatcher.Absent,
        _ => FieldMatcher.Any,
    };

    private async Task<ImServerApi> ConnectionAsync(string name, Position at)
    {
        if (_connections.TryGetValue(name, out var open))
        {
            return open;
        }

        var participant = _scenario.Participants.First(p => p.Name == name);
        var id = participant.Id is { } template ? Substitute(template, at) : _values[name];
        _values[name] = id;
        var connection = await connect(id);
        _connections[name] = connection;
        return connection;
    }

    private string Substitute(string text, Position at)
    {
        // A participant with an id ("${teacherId}") is known by name once the variables of its id are.
        foreach (var participant in _scenario.Participants.Where(p => p.Id is not null && !_values.ContainsKey(p.Name)))
        {
            if (Variables.NamesIn(participant.Id!).All(_values.ContainsKey))
            {
                _values[participant.Name] = Variables.Substitute(participant.Id!, _values, at);
            }
        }

        return Variables.Substitute(text, _values, at);
    }
}
