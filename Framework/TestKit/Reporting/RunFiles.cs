using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using ImServerTests.Shared;

namespace ImServerTests.TestKit.Reporting;

/// <summary>The files that hold for the whole run: environment.properties, executor.json and categories.json.</summary>
public static class RunFiles
{
    /// <summary>Failure groups for the report's Categories tab, matched on the failure message.</summary>
    public static IReadOnlyList<AllureCategory> Categories { get; } =
    [
        new("Frame assertion failed", "(?s).*(Expected|Expected:).*", null, ["failed"]),
        new("Timed out waiting for a frame", "(?s).*Timed out after.*", null, ["broken", "failed"]),
        new("Cannot connect to the server", "(?s).*Cannot connect to the server.*", null, ["broken", "failed"]),
        new("Server closed the connection", "(?s).*The server closed the connection.*", null, ["broken", "failed"]),
        new("Bad configuration", "(?s).*(websocket\\.yml|IMSERVER_).*(key|variable).*", null, ["broken", "failed"]),
    ];

    public static void WriteCategories(IResultsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRunFile("categories.json", JsonSerializer.Serialize(Categories.ToList(), AllureJson.Default.ListAllureCategory));
    }

    /// <summary>Writes executor.json when CI variables say who runs the tests; a local run writes none.</summary>
    public static void WriteExecutor(IResultsWriter writer, Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(variables);
        if (Executor(variables) is { } executor)
        {
            writer.WriteRunFile("executor.json", JsonSerializer.Serialize(executor, AllureJson.Default.AllureExecutor));
        }
    }

    public static AllureExecutor? Executor(Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (variables(EnvironmentVariables.Ci.GitHubActions) == "true")
        {
            var run = $"{variables(EnvironmentVariables.Ci.GitHubServerUrl)}/{variables(EnvironmentVariables.Ci.GitHubRepository)}/actions/runs/{variables(EnvironmentVariables.Ci.GitHubRunId)}";
            return new AllureExecutor("GitHub Actions", "github", $"{variables(EnvironmentVariables.Ci.GitHubWorkflow)} #{variables(EnvironmentVariables.Ci.GitHubRunNumber)}", run, null);
        }

        if (variables(EnvironmentVariables.Ci.GitLabCi) == "true")
        {
            return new AllureExecutor("GitLab CI", "gitlab", $"{variables(EnvironmentVariables.Ci.GitLabProjectName)} #{variables(EnvironmentVariables.Ci.GitLabJobId)}", variables(EnvironmentVariables.Ci.GitLabJobUrl), null);
        }

        if (variables(EnvironmentVariables.Ci.JenkinsUrl) is { Length: > 0 })
        {
            return new AllureExecutor("Jenkins", "jenkins", variables(EnvironmentVariables.Ci.JenkinsBuildTag), variables(EnvironmentVariables.Ci.JenkinsBuildUrl), null);
        }

        return variables(EnvironmentVariables.Ci.Any) is "true" or "1"
            ? new AllureExecutor("CI", "ci", variables(EnvironmentVariables.Ci.BuildNumber), null, null)
            : null;
    }

    /// <summary>What every run reports in environment.properties beside what its tests add.</summary>
    public static IReadOnlyDictionary<string, string> Runtime() => new Dictionary<string, string>
    {
        ["dotnet"] = RuntimeInformation.FrameworkDescription,
        ["os"] = RuntimeInformation.OSDescription,
    };

    /// <summary>Reads key = value lines, as environment.properties holds them.</summary>
    public static SortedDictionary<string, string> ReadProperties(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                result[line[..equals].Trim()] = line[(equals + 1)..].Trim();
            }
        }

        return result;
    }

    public static string WriteProperties(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var lines = new StringBuilder();
        foreach (var (key, value) in values)
        {
            lines.Append(key).Append(" = ").AppendLine(value.ReplaceLineEndings(" "));
        }

        return lines.ToString();
    }
}
