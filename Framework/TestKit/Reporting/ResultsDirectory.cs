using ImServerTests.Shared;

namespace ImServerTests.TestKit.Reporting;

/// <summary>
/// Where results go, by the one rule of <see cref="AllureResultsFolder"/>: allure-results/ at the repository root,
/// or ALLURE_RESULTS_DIR (absolute as given, relative from the repository root). A published build run outside any
/// repository takes the working directory in the repository root's place, under the same refusals (never the
/// file-system root, the home folder, that directory or a folder above it). Several test assemblies write into
/// the one folder at the same time, so each names its files with its own prefix and, at its start, removes only the
/// files of its own earlier run (unless ALLURE_KEEP_RESULTS=true). A `dotnet test` of the whole solution removes
/// every adapter file first (Framework/Shared/TestRun.targets). No folder and no other file is ever removed.
/// </summary>
public static class ResultsDirectory
{
    public static string Prepare(string prefix)
    {
        var repository = RepositoryRoot.TryFind();
        var root = repository ?? Directory.GetCurrentDirectory();
        var value = Environment.GetEnvironmentVariable(AllureResultsFolder.Variable);
        var directory = AllureResultsFolder.Resolve(value, root);
        if (AllureResultsFolder.Refusal(value, directory, root, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)) is { } refusal)
        {
            throw new InvalidOperationException(repository is null ? OutsideRepository(root) + refusal : refusal);
        }

        Directory.CreateDirectory(directory);
        var keep = string.Equals(Environment.GetEnvironmentVariable(AllureResultsFolder.KeepVariable), "true", StringComparison.OrdinalIgnoreCase);
        if (!keep)
        {
            AllureResultsFolder.RemoveAdapterFiles(directory, prefix);
        }

        return directory;
    }

    /// <summary>What stands for the repository root in a refusal when the run is outside any repository.</summary>
    public static string OutsideRepository(string workingDirectory) =>
        $"No {RepositoryRoot.Marker} above the tests or the working directory, so the working directory {workingDirectory} stands in for the repository root. ";

    /// <summary>The prefix of an assembly's files: its name without the project's own prefix, in lower case.</summary>
    public static string PrefixOf(string assemblyName)
    {
        ArgumentNullException.ThrowIfNull(assemblyName);
        return assemblyName.Replace("ImServerTests.", "", StringComparison.Ordinal).Replace('.', '-').ToLowerInvariant();
    }
}
