namespace ImServerTests.TestKit.Scenarios.Running;

/// <summary>What a step of a scenario's run is, for measuring it: a connect, a send, an expected frame, a quiet window.</summary>
public enum StepKind
{
    Connect,
    Send,
    Expect,
    ExpectNothing,
}

/// <summary>
/// One step of a scenario's run: its title, its short name (the expected frame's type, "connect", ...), how long it
/// took (for an expected frame: since the send that caused it), and every problem found; none when it passed.
/// </summary>
public sealed record StepOutcome(string Title, string Name, StepKind Kind, Position At, TimeSpan Elapsed, IReadOnlyList<string> Problems)
{
    public bool Passed => Problems.Count == 0;

    public override string ToString() => Passed ? $"{Title} ({At}): passed" : $"{Title} ({At}): {string.Join("; ", Problems)}";
}

/// <summary>A scenario's run, step by step. It ends at the first group of steps that failed, since later steps build on it.</summary>
public sealed record ScenarioOutcome(Scenario Scenario, IReadOnlyList<StepOutcome> Steps)
{
    public bool Passed => Steps.All(s => s.Passed);

    public IEnumerable<StepOutcome> Failures => Steps.Where(s => !s.Passed);
}
