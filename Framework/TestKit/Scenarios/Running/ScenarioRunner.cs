using System.Diagnostics;
using ImServerTests.Api;
using ImServerTests.Api.Expectations;
using ImServerTests.Client;

namespace ImServerTests.TestKit.Scenarios.Running;

/// <summary>
/// Plays a scenario through the Api, for the regression and for load alike: each participant connects when it is
/// first used, sends go out as written with ${variables} put in, and the expectations between two sends are matched
/// in any order: a frame is picked by its type and from (when the step names them exactly) and then checked field by
/// field and against the contract. Every problem of a group is collected; a group that fails ends the run, since
/// later steps build on it. Each step is a step of the Api's reporter (the Allure report, in a test run) and an
/// outcome with its time. One runner can play many scenarios at once: each run keeps its own state.
/// </summary>
public sealed class ScenarioRunner(Func<string, CancellationToken, Task<ImServerApi>> connect, Func<string> freshId, TimeSpan quietWindow)
{
    private Func<string, CancellationToken, Task<ImServerApi>> Connect { get; } = connect;

    private Func<string> FreshId { get; } = freshId;

    private TimeSpan QuietWindow { get; } = quietWindow;

    public Task<ScenarioOutcome> RunAsync(Scenario scenario, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return new Run(this, scenario, cancellationToken).PlayAsync();
    }

    private sealed class Run(ScenarioRunner runner, Scenario scenario, CancellationToken cancellationToken)
    {
        private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ImServerApi> _connections = new(StringComparer.Ordinal);
        private readonly List<StepOutcome> _outcomes = [];
        private long _lastSend = Stopwatch.GetTimestamp();

        public async Task<ScenarioOutcome> PlayAsync()
        {
            foreach (var participant in scenario.Participants.Where(p => p.Id is null))
            {
                _values[participant.Name] = runner.FreshId();
            }

            var steps = scenario.Steps;
            for (var i = 0; i < steps.Count;)
            {
                bool passed;
                switch (steps[i])
                {
                    case ExpectStep:
                        var group = steps.Skip(i).TakeWhile(s => s is ExpectStep).Cast<ExpectStep>().ToList();
                        passed = await ExpectGroupAsync(group).ConfigureAwait(false);
                        i += group.Count;
                        break;
                    case SendStep send:
                        passed = await SendAsync(send).ConfigureAwait(false);
                        i++;
                        break;
                    case ExpectNothingStep nothing:
                        passed = await ExpectNothingAsync(nothing).ConfigureAwait(false);
                        i++;
                        break;
                    default:
                        throw new InvalidOperationException($"{steps[i].At}: the runner does not know steps of kind {steps[i].GetType().Name}");
                }

                if (!passed)
                {
                    break;
                }
            }

            return new ScenarioOutcome(scenario, _outcomes);
        }

        private async Task<bool> SendAsync(SendStep step)
        {
            if (await ConnectionAsync(step.By, step.At).ConfigureAwait(false) is not { } connection)
            {
                return false;
            }

            var started = Stopwatch.GetTimestamp();
            return await Measured(step.ToString(), "send", StepKind.Send, step.At, started, async () =>
            {
                var text = Substitute(step.Frame is not null ? step.Frame.ToJsonString() : step.Text ?? "", step.At);
                _lastSend = Stopwatch.GetTimestamp();
                await connection.SendAsync(text, cancellationToken).ConfigureAwait(false);
                return [];
            }).ConfigureAwait(false);
        }

        private async Task<bool> ExpectNothingAsync(ExpectNothingStep step)
        {
            if (await ConnectionAsync(step.By, step.At).ConfigureAwait(false) is not { } connection)
            {
                return false;
            }

            var window = step.Timeout ?? runner.QuietWindow;
            return await Measured(step.ToString(), "nothing", StepKind.ExpectNothing, step.At, Stopwatch.GetTimestamp(), async () =>
            {
                var frame = await connection.TryReceiveWithinAsync(window, cancellationToken).ConfigureAwait(false);
                return frame is null ? [] : [$"expected no frame for {window.TotalSeconds:0.###} s, but got {frame.Raw}"];
            }).ConfigureAwait(false);
        }

        // Every step of the group is tried, so all its differences show at once; a step whose frame never came
        // stops the group, since the others would only wait for nothing.
        private async Task<bool> ExpectGroupAsync(IReadOnlyList<ExpectStep> group)
        {
            var passed = true;
            foreach (var step in group)
            {
                var (stepPassed, arrived) = await ExpectAsync(step).ConfigureAwait(false);
                passed &= stepPassed;
                if (!arrived)
                {
                    break;
                }
            }

            return passed;
        }

        private async Task<(bool Passed, bool Arrived)> ExpectAsync(ExpectStep step)
        {
            if (await ConnectionAsync(step.By, step.At).ConfigureAwait(false) is not { } connection)
            {
                return (false, false);
            }

            var arrived = true;
            var passed = await Measured(step.ToString(), step.Exact("type") ?? "frame", StepKind.Expect, step.At, _lastSend, async () =>
            {
                var type = Exact(step, "type");
                var from = Exact(step, "from");
                var what = $"{(type is null ? "a frame" : $"a {type} frame")}{(from is null ? "" : $" from {from}")} ({step.At})";
                var expectation = new FrameExpectation(step.Fields.ToDictionary(rule => rule.Field, rule => Matcher(rule, step.At)));
                var timeout = step.Timeout ?? connection.ReceiveTimeout;
                if (step.Within > timeout)
                {
                    return [$"within ({step.Within.Value.TotalMilliseconds:0} ms) is longer than the receive timeout ({timeout.TotalSeconds:0.###} s), so it could never be broken: lower it, or give the step a longer timeout"];
                }

                ImFrame frame;
                try
                {
                    frame = await connection.ReceiveMatchingAsync(f => (type is null || f.Type == type) && (from is null || f.From == from),
                        what, timeout, step.Within, cancellationToken).ConfigureAwait(false);
                }
                catch (WebSocketClientException)
                {
                    arrived = false;
                    throw;
                }

                var problems = expectation.Problems(frame);
                if (problems.Count == 0)
                {
                    foreach (var rule in step.Fields.Where(r => r.Capture is not null))
                    {
                        _values[rule.Capture!] = frame.Field(rule.Field) ?? "";
                    }
                }

                return problems;
            }).ConfigureAwait(false);
            return (passed, arrived);
        }

        // Runs one step as a step of the report, timed from `since`; its problems, or the error that ended it, become its outcome.
        private async Task<bool> Measured(string title, string name, StepKind kind, Position at, long since, Func<Task<IReadOnlyList<string>>> body)
        {
            IReadOnlyList<string> problems;
            try
            {
                problems = await ExchangeReporting.Current.StepAsync($"{title} (line {at.Line})", body).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketClientException or ScenarioException)
            {
                problems = [e.Message];
            }

            _outcomes.Add(new StepOutcome(title, name, kind, at, Stopwatch.GetElapsedTime(since), problems));
            return problems.Count == 0;
        }

        private string? Exact(ExpectStep step, string field) => step.Exact(field) is { } value ? Substitute(value, step.At) : null;

        private FieldMatcher Matcher(FieldRule rule, Position at) =>
            rule.Matcher.Check(rule.Matcher.PutsInVariables && rule.Value is not null ? Substitute(rule.Value, at) : rule.Value);

        // The participant's connection, opened (and measured) when it is first used; null when the connect failed.
        private async Task<ImServerApi?> ConnectionAsync(string name, Position at)
        {
            if (_connections.TryGetValue(name, out var open))
            {
                return open;
            }

            var participant = scenario.Participants.First(p => p.Name == name);
            ImServerApi? connection = null;
            var started = Stopwatch.GetTimestamp();
            // The connection is set last in the step, so it is there exactly when the step passed.
            await Measured($"{name} connects", "connect", StepKind.Connect, at, started, async () =>
            {
                var id = participant.Id is { } template ? Substitute(template, at) : _values[name];
                _values[name] = id;
                connection = await runner.Connect(id, cancellationToken).ConfigureAwait(false);
                return [];
            }).ConfigureAwait(false);
            if (connection is not null)
            {
                _connections[name] = connection;
            }

            return connection;
        }

        private string Substitute(string text, Position at)
        {
            // A participant with an id ("${teacherId}") is known by name once the variables of its id are.
            foreach (var participant in scenario.Participants.Where(p => p.Id is not null && !_values.ContainsKey(p.Name)))
            {
                if (Variables.NamesIn(participant.Id!).All(_values.ContainsKey))
                {
                    _values[participant.Name] = Variables.Substitute(participant.Id!, _values, at);
                }
            }

            return Variables.Substitute(text, _values, at);
        }
    }
}
