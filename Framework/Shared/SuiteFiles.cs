namespace ImServerTests.Shared;

/// <summary>
/// Where a run finds the suite's own files: websocket.yml, the contract and the scenarios. A variable names one of
/// one's own (IMSERVER_CONFIG, IMSERVER_CONTRACT, IMSERVER_SCENARIOS); else the copy the build put beside the
/// running binaries; else the file in the repository. A published build carries its copies, so it runs anywhere.
/// </summary>
/// <param name="binaries">The folder of the running binaries (AppContext.BaseDirectory).</param>
/// <param name="repository">The repository root, or null when the run is outside any repository.</param>
/// <param name="workingDirectory">Where relative paths go when there is no repository.</param>
public sealed class SuiteFiles(string binaries, string? repository, string workingDirectory)
{
    public const string SettingsPath = "websocket.yml";
    public const string ContractPath = "contract/imserver.asyncapi.yaml";
    public const string ScenariosPath = "TestCases/Scenarios";

    /// <summary>The files of this process: its binaries' folder, the repository above it or above the working directory (if any).</summary>
    public static SuiteFiles OfThisRun() => new(AppContext.BaseDirectory, RepositoryRoot.TryFind(), Directory.GetCurrentDirectory());

    public string Binaries { get; } = Path.GetFullPath(binaries);

    public string? Repository { get; } = repository is null ? null : Path.GetFullPath(repository);

    /// <summary>Where a relative path named by a variable or an argument is taken from: the repository root, else the working directory.</summary>
    public string RelativeBase { get; } = Path.GetFullPath(repository ?? workingDirectory);

    /// <summary>The settings file: IMSERVER_CONFIG (relative to the working directory, as a shell path is), else websocket.yml.</summary>
    public string Settings(Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return variables(EnvironmentVariables.ConfigFile) is { Length: > 0 } custom
            ? Path.GetFullPath(custom, workingDirectory)
            : Find(SettingsPath);
    }

    /// <summary>The contract: IMSERVER_CONTRACT (relative to <see cref="RelativeBase"/>), else contract/imserver.asyncapi.yaml.</summary>
    public string Contract(Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return variables(EnvironmentVariables.Contract) is { Length: > 0 } custom ? Path.GetFullPath(custom, RelativeBase) : Find(ContractPath);
    }

    /// <summary>The scenario folder: IMSERVER_SCENARIOS (relative to <see cref="RelativeBase"/>), else TestCases/Scenarios.</summary>
    public string Scenarios(Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return variables(EnvironmentVariables.Scenarios) is { Length: > 0 } custom ? Path.GetFullPath(custom, RelativeBase) : Find(ScenariosPath);
    }

    /// <summary>
    /// The file or folder at <paramref name="relativePath"/>: beside the binaries when the build copied it there,
    /// else in the repository. When neither has it, where it belongs (the repository's place, else beside the
    /// binaries), so the "not found" message names a place to put it.
    /// </summary>
    public string Find(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var beside = Path.GetFullPath(relativePath, Binaries);
        if (Exists(beside))
        {
            return beside;
        }

        var inRepository = Repository is null ? null : Path.GetFullPath(relativePath, Repository);
        return inRepository ?? beside;
    }

    /// <summary>A path as a report shows it: relative to the binaries or the repository when inside one (no machine's folders), else whole.</summary>
    public string Shown(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        foreach (var folder in new[] { Binaries, Repository })
        {
            if (folder is not null && IsInside(full, folder))
            {
                return Path.GetRelativePath(folder, full);
            }
        }

        return full;
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    private static bool IsInside(string path, string folder) =>
        path.StartsWith(folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar,
            Path.DirectorySeparatorChar == '\\' ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
