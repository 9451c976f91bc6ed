#nullable enable
#if !IMSERVERTESTS_SHARED
using System;
using System.Collections.Generic;
using System.IO;
#endif
using System.Text.RegularExpressions;

namespace ImServerTests.Shared;

/// <summary>
/// The one rule for the Allure results folder: where it is (ALLURE_RESULTS_DIR absolute as given, relative taken
/// from the repository root, else allure-results/ there), which folders it may never be, and which files in it
/// are the adapter's, the only ones ever removed. No folder is ever removed, and no other file.
/// </summary>
/// <remarks>
/// The adapter calls this class; the build's test targets (TestRun.targets) compile this same file as an inline
/// task, so both apply one rule. MSBuild compiles inline tasks against .NET Standard 2.0, which is why this file
/// sticks to the APIs that has, and defines no symbol: the task below is left out of the Shared library
/// (IMSERVERTESTS_SHARED, set in its project) and compiled only by MSBuild.
/// </remarks>
public static class AllureResultsFolder
{
    public const string Variable = "ALLURE_RESULTS_DIR";
    public const string KeepVariable = "ALLURE_KEEP_RESULTS";
    public const string DefaultName = "allure-results";

    /// <summary>The files of the whole run that the adapter writes beside its results.</summary>
    public static readonly string[] RunFiles = ["environment.properties", "categories.json", "executor.json"];

    private const string Uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    // {prefix}-{uuid}-result.json, {prefix}-{uuid}-container.json, {prefix}-{uuid}-attachment.ext, and a run file
    // being written aside (.{name}.{32 hex}); the prefix names the test assembly that wrote it.
    private static readonly Regex AdapterFile = new(
        "^(?<prefix>[a-z0-9]+(-[a-z0-9]+)*)-" + Uuid + @"-(result\.json|container\.json|attachment(\.[A-Za-z0-9]{1,16})?)$"
        + @"|^\.(environment\.properties|categories\.json|executor\.json)\.[0-9a-f]{32}$");

    /// <summary>The results folder named by <paramref name="value"/> (the variable's value; blank means the default).</summary>
    public static string Resolve(string? value, string repositoryRoot)
    {
        var root = Path.GetFullPath(repositoryRoot);
        if (value is null || value.Trim().Length == 0)
        {
            return Path.Combine(root, DefaultName);
        }

        return Path.GetFullPath(Path.IsPathRooted(value) ? value : Path.Combine(root, value));
    }

    /// <summary>
    /// Why <paramref name="folder"/> may not hold results, in one message that names the variable, its value and
    /// what is allowed; null when it may. Emptying a folder that holds other work must never be one typo away.
    /// </summary>
    public static string? Refusal(string? value, string folder, string repositoryRoot, string? home)
    {
        var what = SameFolder(folder, Path.GetPathRoot(folder) ?? folder) ? "the file-system root"
            : SameFolder(folder, repositoryRoot) ? "the repository root"
            : IsAncestor(folder, repositoryRoot) ? "a folder that holds the repository"
            : home is { Length: > 0 } && SameFolder(folder, home) ? "the home folder"
            : File.Exists(folder) ? "a file, not a folder"
            : null;
        if (what is null)
        {
            return null;
        }

        var shown = value is null || value.Trim().Length == 0 ? "(not set)" : "'" + value + "'";
        return $"{Variable}={shown} names {folder}, {what}. The results folder must be a folder of its own: not the file-system "
            + "root, the home folder, the repository root or a folder above it. Nothing was run and nothing was touched. "
            + $"A relative path is taken from the repository root ({Variable}=allure-results), an absolute one as given "
            + $"({Variable}=/tmp/allure-results).";
    }

    /// <summary>Whether a file name is one the adapter writes, and so one a later run may remove.</summary>
    public static bool IsAdapterFile(string fileName) =>
        Array.IndexOf(RunFiles, fileName) >= 0 || AdapterFile.IsMatch(fileName);

    /// <summary>
    /// Removes the adapter's files from <paramref name="folder"/>: all of them, or with a prefix only the files of
    /// that test assembly (its run files stay, since they hold for every assembly). Returns the names removed.
    /// Subfolders and every other file stay where they are.
    /// </summary>
    public static IReadOnlyList<string> RemoveAdapterFiles(string folder, string? prefix = null)
    {
        var removed = new List<string>();
        if (!Directory.Exists(folder))
        {
            return removed;
        }

        foreach (var path in Directory.GetFiles(folder))
        {
            var name = Path.GetFileName(path);
            var match = AdapterFile.Match(name);
            var ours = prefix is null
                ? Array.IndexOf(RunFiles, name) >= 0 || match.Success
                : match.Success && match.Groups["prefix"].Value == prefix;
            if (ours)
            {
                File.Delete(path);
                removed.Add(name);
            }
        }

        return removed;
    }

    /// <summary>Whether a file name is a TRX or JUnit report that a test project of this repository writes.</summary>
    public static bool IsRunReport(string fileName) =>
        Regex.IsMatch(fileName, @"^ImServerTests(\.[A-Za-z0-9]+)+\.(trx|junit\.xml)$");

    /// <summary>Removes the TRX and JUnit reports this repository's test projects wrote; any other file stays.</summary>
    public static IReadOnlyList<string> RemoveRunReports(string folder)
    {
        var removed = new List<string>();
        if (!Directory.Exists(folder))
        {
            return removed;
        }

        foreach (var path in Directory.GetFiles(folder))
        {
            var name = Path.GetFileName(path);
            if (IsRunReport(name))
            {
                File.Delete(path);
                removed.Add(name);
            }
        }

        return removed;
    }

    private static bool IsAncestor(string folder, string of)
    {
        var parent = Normal(folder) + Path.DirectorySeparatorChar;
        return (Normal(of) + Path.DirectorySeparatorChar).StartsWith(parent, Comparison);
    }

    private static bool SameFolder(string a, string b) => string.Equals(Normal(a), Normal(b), Comparison);

    private static string Normal(string path) =>
        Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);

    // Windows paths ignore case; the others do not.
    private static StringComparison Comparison =>
        Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
}

#if !IMSERVERTESTS_SHARED
/// <summary>
/// The build's side of the rule: checks the results folder before any test starts (an error stops the run) and,
/// for a run of the whole solution, removes the previous run's Allure files and TRX/JUnit reports.
/// </summary>
public sealed class PrepareTestRun : Microsoft.Build.Utilities.Task
{
    [Microsoft.Build.Framework.Required]
    public string RepositoryRoot { get; set; } = "";

    /// <summary>The value of ALLURE_RESULTS_DIR, if any.</summary>
    public string? AllureResultsValue { get; set; }

    /// <summary>Remove the previous run's files (a run of the whole solution); else only check.</summary>
    public bool Clean { get; set; }

    /// <summary>ALLURE_KEEP_RESULTS=true: keep the earlier Allure results beside the new ones.</summary>
    public bool KeepAllureResults { get; set; }

    /// <summary>The folder of the TRX and JUnit reports, emptied of this repository's reports when cleaning.</summary>
    public string? TestResultsFolder { get; set; }

    public override bool Execute()
    {
        string folder;
        try
        {
            folder = AllureResultsFolder.Resolve(AllureResultsValue, RepositoryRoot);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            Log.LogError("{0}='{1}' is not a usable path ({2}). Nothing was run and nothing was touched. Name a folder, relative to the repository root or absolute.",
                AllureResultsFolder.Variable, AllureResultsValue, e.Message);
            return false;
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (AllureResultsFolder.Refusal(AllureResultsValue, folder, RepositoryRoot, home) is { } refusal)
        {
            Log.LogError("{0}", refusal);
            return false;
        }

        if (!Clean)
        {
            return true;
        }

        var reports = TestResultsFolder is { Length: > 0 } ? AllureResultsFolder.RemoveRunReports(TestResultsFolder).Count : 0;
        var results = KeepAllureResults ? 0 : AllureResultsFolder.RemoveAdapterFiles(folder).Count;
        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal,
            "Allure results go to {0}; removed {1} Allure file(s) and {2} TRX/JUnit report(s) of the previous run, nothing else.", folder, results, reports);
        return true;
    }
}
#endif
