using ImServerTests.Shared;

namespace ImServerTests.Reporting;

/// <summary>
/// Where results go: allure-results/ at the repository root, or ALLURE_RESULTS_DIR (relative to the repository
/// root). Several test assemblies write into the one folder at the same time, so each names its files with its
/// own prefix and, at its start, removes only the files of its own earlier run (unless ALLURE_KEEP_RESULTS=true).
/// A `dotnet test` of the whole solution empties the folder first (Directory.Solution.targets).
/// </summary>
public static class ResultsDirectory
{
    public const string DefaultName = "allure-results";

    public static string Prepare(string prefix)
    {
        var directory = Environment.GetEnvironmentVariable(EnvironmentVariables.AllureResultsDirectory) is { Length: > 0 } custom
            ? Path.GetFullPath(custom, RepositoryRoot.Find())
            : Path.Combine(RepositoryRoot.Find(), DefaultName);
        Directory.CreateDirectory(directory);
        var keep = string.Equals(Environment.GetEnvironmentVariable(EnvironmentVariables.AllureKeepResults), "true", StringComparison.OrdinalIgnoreCase);
        if (!keep)
        {
            RemoveEarlierResults(directory, prefix);
        }

        return directory;
    }

    /// <summary>Deletes the files an assembly with this prefix wrote in an earlier run; other assemblies' files stay.</summary>
    public static void RemoveEarlierResults(string directory, string prefix)
    {
        foreach (var file in Directory.EnumerateFiles(directory, prefix + "-*"))
        {
            File.Delete(file);
        }
    }

    /// <summary>The prefix of an assembly's files: its name without the project's own prefix, in lower case.</summary>
    public static string PrefixOf(string assemblyName)
    {
        ArgumentNullException.ThrowIfNull(assemblyName);
        return assemblyName.Replace("ImServerTests.", "", StringComparison.Ordinal).Replace('.', '-').ToLowerInvariant();
    }
}
