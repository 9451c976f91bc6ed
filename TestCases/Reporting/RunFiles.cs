using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace ImServerTests.TestCases.Reporting;

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
        if (variables("GITHUB_ACTIONS") == "true")
        {
            var run = $"{variables("GITHUB_SERVER_URL")}/{variables("GITHUB_REPOSITORY")}/actions/runs/{variables("GITHUB_RUN_ID")}";
            return new AllureExecutor("GitHub Actions", "github", $"{variables("GITHUB_WORKFLOW")} #{variables("GITHUB_RUN_NUMBER")}", run, null);
        }

        if (variables("GITLAB_CI") == "true")
        {
            return new AllureExecutor("GitLab CI", "gitlab", $"{variables("CI_PROJECT_NAME")} #{variables("CI_JOB_ID")}", variables("CI_JOB_URL"), null);
        }

        if (variables("JENKINS_URL") is { Length: > 0 })
        {
            return new AllureExecutor("Jenkins", "jenkins", variables("BUILD_TAG"), variables("BUILD_URL"), null);
        }

        return variables("CI") is "true" or "1"
            ? new AllureExecutor("CI", "ci", variables("BUILD_NUMBER"), null, null)
            : null;
    }

    /// <summary>environment.properties: key = value lines shown on the report's overview.</summary>
    public static void WriteEnvironment(IResultsWriter writer, IReadOnlyDictionary<string, string> target)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(target);
        var lines = new StringBuilder();
        foreach (var (key, value) in target)
        {
            lines.Append(key).Append(" = ").AppendLine(value);
        }

        lines.Append("dotnet = ").AppendLine(RuntimeInformation.FrameworkDescription);
        lines.Append("os = ").AppendLine(RuntimeInformation.OSDescription);
        writer.WriteRunFile("environment.properties", lines.ToString());
    }
}
