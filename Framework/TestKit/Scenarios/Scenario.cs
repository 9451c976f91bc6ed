using System.Text.Json.Nodes;

namespace ImServerTests.TestKit.Scenarios;

/// <summary>Where something stands in a scenario file, for messages: file, line and column.</summary>
public sealed record Position(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}

/// <summary>
/// A conversation to replay: named participants (each a connection), and steps in order. Expectations between
/// two sends form a group whose frames may arrive in any order.
/// </summary>
public sealed record Scenario(string Name, string? Description, IReadOnlyList<Participant> Participants, IReadOnlyList<ScenarioStep> Steps, string Source);

/// <summary>A named connection. Without an id it connects as a fresh user; an id may name a captured variable ("${teacher}").</summary>
public sealed record Participant(string Name, string? Id);

/// <summary>One step, done by one participant; a timeout (seconds) overrides the environment's for this step.</summary>
public abstract record ScenarioStep(Position At, string By, TimeSpan? Timeout);

/// <summary>Sends a JSON object (its texts may hold ${variables}) or raw text.</summary>
public sealed record SendStep(Position At, string By, JsonObject? Frame, string? Text) : ScenarioStep(At, By, null)
{
    public override string ToString() => Frame is not null ? $"{By} sends {Frame["type"]?.ToString() ?? "a frame"}" : $"{By} sends raw text";
}

/// <summary>Expects one frame whose fields follow the rules; other fields may be anything.</summary>
public sealed record ExpectStep(Position At, string By, IReadOnlyList<FieldRule> Fields, TimeSpan? Timeout) : ScenarioStep(At, By, Timeout)
{
    /// <summary>The step's own latency budget (within: 500ms), instead of the environment's budget for the frame's kind.</summary>
    public TimeSpan? Within { get; init; }

    /// <summary>The exact text a field must be, when its rule says so (${variables} not yet put in).</summary>
    public string? Exact(string field) => Fields.FirstOrDefault(f => f.Field == field && f.Matcher == Matchers.Exactly)?.Value;

    public override string ToString() => $"{By} receives {Exact("type") ?? "a frame"}";
}

/// <summary>Expects that no frame arrives for the participant within the window (the environment's quiet window, or the timeout).</summary>
public sealed record ExpectNothingStep(Position At, string By, TimeSpan? Timeout) : ScenarioStep(At, By, Timeout)
{
    public override string ToString() => $"{By} receives nothing";
}

/// <summary>
/// What one field of an expected frame must be: a matcher of <see cref="Matchers"/> with its text, if it takes one.
/// <see cref="Capture"/> keeps the field's value in a variable for later steps; <see cref="Comment"/> is kept for the
/// file (the recorded value).
/// </summary>
public sealed record FieldRule(string Field, MatcherDefinition Matcher, string? Value = null, string? Capture = null, string? Comment = null);
