using System.Text;
using Allure.Net.Commons;
using ImServerTests.Shared;
using ImServerTests.TestKit.Fuzzing.Running;
using ImServerTests.TestKit.Servers;

namespace ImServerTests.TestKit.Fuzzing;

/// <summary>What the Fuzz category's run came to: the report, the scenario file it wrote (if asked to), the failure its seed gave again, and the message a failing test shows.</summary>
public sealed record FuzzVerdict(FuzzReport Report, string? ScenarioFile, FuzzFailure? Replayed, string Message);

/// <summary>
/// The Fuzz category's run against the run's server: websocket.yml's fuzz budget (or its variables), a seed to replay
/// from IMSERVER_FUZZ_SEED, the properties as steps of the report, the failing case played once more inside the
/// report, and its scenario written to IMSERVER_FUZZ_SCENARIOS when that is set.
/// </summary>
public static class FuzzRun
{
    public static async Task<FuzzVerdict> RunAsync(ServerUnderTest server, Func<string, string?> variables, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(log);
        var seed = variables(EnvironmentVariables.FuzzSeed) is { Length: > 0 } s ? s.Trim() : null;
        var target = await FuzzTarget.OpenAsync(server, cancellationToken).ConfigureAwait(false);
        await using (target.ConfigureAwait(false))
        {
            return await RunAsync(target, seed, variables, log, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<FuzzVerdict> RunAsync(FuzzTarget target, string? seed, Func<string, string?> variables, TextWriter log, CancellationToken cancellationToken)
    {
        var budget = target.Server.Settings.Fuzz;
        var session = new FuzzSession(target, new FuzzOptions(budget.Search, budget.Shrink, seed));
        await log.WriteLineAsync($"Fuzzing {target.BaseUrl} ({budget}{(seed is null ? "" : $", replaying seed {seed}")})").ConfigureAwait(false);

        // Thousands of generated exchanges would bury the report: the search runs outside the test's report context,
        // and only the properties, and the failing case played once more, go in.
        var report = await OutsideTheReport(() => session.RunAsync(cancellationToken)).ConfigureAwait(false);
        FuzzReportSteps.Record(report);
        if (report.Failure is not { } failure)
        {
            await log.WriteLineAsync(report.Headline).ConfigureAwait(false);
            return new FuzzVerdict(report, null, null, report.Headline);
        }

        var replayed = await AllureApi.Step($"The shrunk case played again from its seed {report.Seed}",
            () => session.ReplayAsync(report.Seed!, cancellationToken)).ConfigureAwait(false);
        var file = await WriteScenarioAsync(report, variables).ConfigureAwait(false);
        var message = Message(report, replayed, file);
        await log.WriteLineAsync(message).ConfigureAwait(false);
        return new FuzzVerdict(report, file, replayed, message);
    }

    /// <summary>The report of a failing run in words: the headline first, then the case, how it was found, how to replay it, its scenario and transcripts.</summary>
    public static string Message(FuzzReport report, FuzzFailure? replayed, string? scenarioFile)
    {
        ArgumentNullException.ThrowIfNull(report);
        var failure = report.Failure ?? throw new ArgumentException("the report has no failure", nameof(report));
        var text = new StringBuilder()
            .AppendLine(report.Headline)
            .AppendLine($"shrunk case, seed {report.Seed} ({report.ShrinkSummary}):")
            .AppendLine(failure.Case?.ToString())
            .AppendLine($"at {(failure.Step > 0 ? $"step {failure.Step}" : "the end of the case")}: {failure.Message}")
            .AppendLine($"found after {report.TimeToFind?.TotalSeconds:0.0} s and {report.Cases:#,0} cases (first as seed {report.FirstSeed}, "
                + $"{report.FirstFailure?.Case?.Steps.Count ?? 0} step(s)); shrunk for {report.Shrinking?.TotalSeconds:0.0} s")
            .AppendLine(replayed is null
                ? $"NOT REPRODUCED: seed {report.Seed} passed when played again"
                : $"played again from its seed: {replayed.Property.Title()} broken again")
            .AppendLine($"replay: {EnvironmentVariables.FuzzSeed}={report.Seed} dotnet test TestCases --filter TestCategory=Fuzz");
        if (report.Note is { } note)
        {
            text.AppendLine($"note: {note}");
        }

        text.AppendLine(scenarioFile is null
                ? $"regression scenario (save it in TestCases/Scenarios/, or set {EnvironmentVariables.FuzzScenarios} to have it written):"
                : $"regression scenario, written to {scenarioFile}:")
            .AppendLine(RegressionCase.Yaml(report))
            .AppendLine(failure.Transcripts);
        return text.ToString();
    }

    private static async Task<string?> WriteScenarioAsync(FuzzReport report, Func<string, string?> variables)
    {
        if (variables(EnvironmentVariables.FuzzScenarios) is not { Length: > 0 } folder)
        {
            return null;
        }

        var path = Path.Combine(Path.GetFullPath(folder, RepositoryRoot.TryFind() ?? Directory.GetCurrentDirectory()), RegressionCase.FileName(report));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, RegressionCase.Yaml(report)).ConfigureAwait(false);
        return path;
    }

    private static async Task<T> OutsideTheReport<T>(Func<Task<T>> work)
    {
        Task<T> task;
        using (ExecutionContext.SuppressFlow())
        {
            task = Task.Run(work);
        }

        return await task.ConfigureAwait(false);
    }
}
