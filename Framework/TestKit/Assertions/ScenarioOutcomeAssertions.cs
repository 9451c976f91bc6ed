using FluentAssertions;
using FluentAssertions.Execution;
using FluentAssertions.Primitives;
using ImServerTests.TestKit.Scenarios.Running;

namespace ImServerTests.TestKit.Assertions;

public static class ScenarioOutcomeAssertionExtensions
{
    /// <summary>Assertions on a scenario's run: <c>outcome.Should().Pass()</c>.</summary>
    public static ScenarioOutcomeAssertions Should(this ScenarioOutcome outcome)
    {
        Verbatim.Use();
        return new ScenarioOutcomeAssertions(outcome);
    }
}

/// <summary>A scenario's run as one assertion: every step that failed, with its place in the file and every problem it found.</summary>
public sealed class ScenarioOutcomeAssertions(ScenarioOutcome outcome) : ReferenceTypeAssertions<ScenarioOutcome, ScenarioOutcomeAssertions>(outcome)
{
    protected override string Identifier => "scenario";

    public AndConstraint<ScenarioOutcomeAssertions> Pass(string because = "", params object[] becauseArgs)
    {
        var failures = Subject.Failures.ToList();
        Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(failures.Count == 0)
            .FailWith("Expected {context:scenario} {0} to play as written{reason}, but:{1}",
                Subject.Scenario.Name,
                new Verbatim(string.Concat(failures.Select(f => Environment.NewLine + $"  - {f.Title} ({f.At}):"
                    + string.Concat(f.Problems.Select(p => Environment.NewLine + "      " + p.ReplaceLineEndings(Environment.NewLine + "      ")))))));
        return new AndConstraint<ScenarioOutcomeAssertions>(this);
    }
}
