using ImServerTests.Shared;

namespace ImServerTests.TestKit.Scenarios;

/// <summary>
/// The scenario files of a folder, each a case of the regression. A folder that is missing or holds no scenario file
/// would run no case, which a test runner reports as a pass; so it is a <see cref="ScenarioException"/> that names the
/// folder and the setting that chose it.
/// </summary>
public static class ScenarioFiles
{
    public const string Pattern = "*.yml";

    /// <summary>
    /// The names of the scenario files in <paramref name="folder"/> (relative to it, so no machine's path reaches a
    /// report), in name order. <paramref name="variable"/> is IMSERVER_SCENARIOS's value when it chose the folder.
    /// </summary>
    public static IReadOnlyList<string> In(string folder, string shownFolder, string? variable)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(shownFolder);
        var chosenBy = variable is { Length: > 0 }
            ? $"{EnvironmentVariables.Scenarios}='{variable}' names {shownFolder}"
            : $"the scenario folder {shownFolder}";
        var fix = variable is { Length: > 0 }
            ? $"point {EnvironmentVariables.Scenarios} at a folder of scenario files ({Pattern}), or unset it to run {SuiteFiles.ScenariosPath}"
            : $"restore {SuiteFiles.ScenariosPath} (the build copies it beside the tests), or point {EnvironmentVariables.Scenarios} at a folder of scenario files ({Pattern})";
        if (!Directory.Exists(folder))
        {
            throw new ScenarioException($"{chosenBy}, which does not exist, so no scenario would run: {fix}.");
        }

        var files = Directory.EnumerateFiles(folder, Pattern).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        return files.Count > 0
            ? files
            : throw new ScenarioException($"{chosenBy}, which holds no scenario file ({Pattern}), so no scenario would run: {fix}.");
    }
}
