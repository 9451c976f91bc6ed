using ImServerTests.TestKit.Fuzzing.Running;
using ImServerTests.TestKit.Scenarios;

namespace ImServerTests.TestKit.Fuzzing;

/// <summary>
/// A fuzz failure as a scenario of the regression, ready to drop into TestCases/Scenarios/: the shrunk case's steps up
/// to the one that failed, each frame as sent, with expect steps for what the protocol requires, headed by the seed
/// that replays it and the property it broke.
/// </summary>
public static class RegressionCase
{
    public static string Yaml(FuzzReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var failure = report.Failure ?? throw new ArgumentException("the report has no failure to write", nameof(report));
        if (failure.Scenario is null)
        {
            return $"# No scenario: the failure did not come from a step of a case ({failure.Message.Split('\n')[0].Trim()}).{Environment.NewLine}";
        }

        var scenario = Scenario(report);
        var firstLine = failure.Message.Split('\n')[0].Trim();
        return ScenarioWriter.Write(scenario,
        [
            $"Found by protocol fuzzing: {failure.Property.Title()}.",
            $"Seed {report.Seed}: IMSERVER_FUZZ_SEED={report.Seed} dotnet test TestCases --filter TestCategory=Fuzz plays the case again.",
            firstLine.Length > 200 ? firstLine[..200] + "..." : firstLine,
        ]);
    }

    public static Scenario Scenario(FuzzReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var failure = report.Failure ?? throw new ArgumentException("the report has no failure to write", nameof(report));
        var scenario = failure.Scenario ?? throw new ArgumentException("the failure has no scenario: it did not come from a fuzz case", nameof(report));
        var step = failure.Case is { } c && failure.Step > 0 ? c.Steps[failure.Step - 1].ToString() : "the end of a case";
        return scenario with
        {
            Name = $"Fuzz {report.Seed}: {failure.Property.Title().ToLowerInvariant()} ({step})",
            Description = $"Shrunk by protocol fuzzing to {failure.Case?.Steps.Count ?? 0} step(s); the protocol requires what the expect steps say.",
        };
    }

    /// <summary>A file name for the scenario: the seed, which replays the case.</summary>
    public static string FileName(FuzzReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return $"fuzz-{string.Concat((report.Seed ?? "case").Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-'))}.yml";
    }
}
