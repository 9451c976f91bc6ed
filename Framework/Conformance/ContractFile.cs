using ImServerTests.Shared;

namespace ImServerTests.Conformance;

/// <summary>
/// Where the suite finds its contract (<see cref="SuiteFiles"/>): IMSERVER_CONTRACT, else the
/// contract/imserver.asyncapi.yaml the build copied beside the binaries, else the repository's.
/// </summary>
public static class ContractFile
{
    public const string DefaultPath = SuiteFiles.ContractPath;

    /// <summary>Loads the contract a test run uses; a relative IMSERVER_CONTRACT is taken from the repository root (else the working directory).</summary>
    public static Contract Load() => Load(Environment.GetEnvironmentVariable);

    public static Contract Load(Func<string, string?> variables) => Load(variables, SuiteFiles.OfThisRun());

    // files.Contract refuses a missing variables function by the same name.
    public static Contract Load(Func<string, string?> variables, SuiteFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return Contract.Load(files.Contract(variables));
    }
}
