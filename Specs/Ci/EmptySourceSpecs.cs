using System.Diagnostics;

namespace ImServerTests.Specs.Ci;

/// <summary>
/// The regression's data-driven cases, run as a user runs them, with their source broken on purpose: a scenario folder
/// that is missing or empty (a typo in IMSERVER_SCENARIOS) fails the run with a message naming it, instead of running
/// no case and passing. The run writes its results to a folder of its own, never to the repository's.
/// </summary>
[AllureEpic("Build and CI")]
[TestFixture]
[Category(Categories.Program)]
[AllureFeature("Sources that yield nothing")]
public sealed class EmptySourceSpecs
{
    private static readonly string Root = RepositoryRoot.Find();
    private static readonly string Configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    [TestCase("missing", "which does not exist, so no scenario would run")]
    [TestCase("empty", "which holds no scenario file (*.yml), so no scenario would run")]
    public async Task A_scenario_folder_that_yields_nothing_fails_the_scenario_cases_naming_it(string kind, string problem)
    {
        using var scratch = TemporaryFolder.Create("empty-source-");
        var folder = Path.Combine(scratch.Path, "scenarios");
        if (kind == "empty")
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "notes.txt"), "not a scenario");
        }

        var (code, output) = await RunScenarioCasesAsync(folder, scratch.Path);

        code.Should().NotBe(0, "a source that yields nothing must not pass:\n{0}", output);
        output.Should().Contain($"IMSERVER_SCENARIOS='{folder}' names {folder}, {problem}").And.Contain("Failed:     1, Passed:     0");
    }

    private static async Task<(int Code, string Output)> RunScenarioCasesAsync(string scenarios, string scratch)
    {
        var dll = Path.Combine(Root, "TestCases", "bin", Configuration, "net10.0", "ImServerTests.TestCases.dll");
        File.Exists(dll).Should().BeTrue($"{dll} is built with the specs");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        foreach (var argument in new[] { "test", dll, "--filter", "FullyQualifiedName~ScenarioTests", "--results-directory", Path.Combine(scratch, "trx") })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[EnvironmentVariables.Scenarios] = scenarios;
        start.Environment[EnvironmentVariables.AllureResultsDirectory] = Path.Combine(scratch, "allure");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet test {dll} was still running after 2 minutes");
        }

        return (process.ExitCode, await output + await error);
    }
}
