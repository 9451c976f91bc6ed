namespace ImServerTests.TestCases.Support;

/// <summary>Where the scenarios are: IMSERVER_SCENARIOS (relative to the repository root), else TestCases/Scenarios.</summary>
public static class ScenarioFolder
{
    public const string Default = "TestCases/Scenarios";

    public static string Path()
    {
        var root = RepositoryRoot.Find();
        return Environment.GetEnvironmentVariable(EnvironmentVariables.Scenarios) is { Length: > 0 } custom
            ? System.IO.Path.GetFullPath(custom, root)
            : System.IO.Path.Combine(root, Default);
    }

    /// <summary>The scenario files, by name relative to the folder (so no machine's path reaches the report).</summary>
    public static IEnumerable<string> Files()
    {
        var folder = Path();
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.yml").Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal)!
            : [];
    }
}
