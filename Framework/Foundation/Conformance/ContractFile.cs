using ImServerTests.Shared;

namespace ImServerTests.Conformance;

/// <summary>Where the suite finds its contract: IMSERVER_CONTRACT, else contract/imserver.asyncapi.yaml of the repository.</summary>
public static class ContractFile
{
    public const string DefaultPath = "contract/imserver.asyncapi.yaml";

    /// <summary>Loads the contract a test run uses; a relative IMSERVER_CONTRACT is taken from the repository root.</summary>
    public static Contract Load() => Load(Environment.GetEnvironmentVariable);

    public static Contract Load(Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var root = RepositoryRoot.Find();
        var path = variables(EnvironmentVariables.Contract) is { Length: > 0 } custom
            ? Path.GetFullPath(custom, root)
            : Path.Combine(root, DefaultPath);
        return Contract.Load(path);
    }
}
