namespace ImServerTests.TestCases.Reporting;

/// <summary>
/// Where results go: allure-results/ at the repository root, or ALLURE_RESULTS_DIR. A run starts from an empty
/// folder unless ALLURE_KEEP_RESULTS=true, which keeps earlier results (and a history/ folder) beside the new ones.
/// </summary>
public static class ResultsDirectory
{
    public const string DirectoryVariable = "ALLURE_RESULTS_DIR";
    public const string KeepVariable = "ALLURE_KEEP_RESULTS";
    public const string DefaultName = "allure-results";

    public static string Prepare()
    {
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } custom
            ? Path.GetFullPath(custom)
            : Path.Combine(RepositoryRoot(), DefaultName);
        var keep = string.Equals(Environment.GetEnvironmentVariable(KeepVariable), "true", StringComparison.OrdinalIgnoreCase);
        if (!keep && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>The folder that holds ImServerTests.sln, above the test binaries; else the working directory.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ImServerTests.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
