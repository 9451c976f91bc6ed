using ImServerTests.TestKit.Scenarios;

namespace ImServerTests.TestCases.Support;

/// <summary>
/// Where the scenarios are (<see cref="SuiteFiles"/>): IMSERVER_SCENARIOS (relative to the repository root, else the
/// working directory), else the TestCases/Scenarios the build copied beside the tests, else the repository's.
/// </summary>
public static class ScenarioFolder
{
    private static readonly SuiteFiles Suite = SuiteFiles.OfThisRun();

    public static string Path() => Suite.Scenarios(Environment.GetEnvironmentVariable);

    /// <summary>A scenario's path as messages and the report show it: relative to the tests or the repository, no machine's folders.</summary>
    public static string Shown(string path) => Suite.Shown(path);

    /// <summary>The scenario files, by name relative to the folder; a missing or empty folder fails, naming it (<see cref="ScenarioFiles"/>).</summary>
    public static IReadOnlyList<string> Files()
    {
        var folder = Path();
        return ScenarioFiles.In(folder, Shown(folder), Environment.GetEnvironmentVariable(EnvironmentVariables.Scenarios));
    }
}
