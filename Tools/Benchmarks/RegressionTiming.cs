using System.Diagnostics;
using ImServerTests.Shared;

namespace ImServerTests.Benchmarks;

internal sealed record RegressionTimes(List<double> Regression, List<double> Empty, int FailedRuns);

/// <summary>
/// Wall time of `dotnet test --filter TestCategory=ImServer` next to a run of the same test assembly that
/// selects no test (the `dotnet test` floor: host start, discovery), alternated so noise hits both alike.
/// </summary>
internal static class RegressionTiming
{
    public static async Task<RegressionTimes> RunAsync(string repositoryRoot, int repetitions)
    {
        var project = Path.Combine(repositoryRoot, "TestCases", "ImServerTests.TestCases.csproj");
        // The runs' Allure results and TRX files go to a working folder of the benchmark's own, not over the
        // user's allure-results/ and TestResults/; it is removed at the end whatever happens.
        using var results = TemporaryFolder.Create("imserver-bench-");
        if (await DotnetAsync(repositoryRoot, results.Path, "build", project, "-c", "Release", "-v", "q", "-nologo") != 0)
        {
            throw new InvalidOperationException("dotnet build of TestCases failed: run it yourself to see why");
        }

        var regression = new List<double>();
        var empty = new List<double>();
        var failed = 0;
        for (var i = 0; i < repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            failed += await DotnetAsync(repositoryRoot, results.Path, "test", project, "-c", "Release", "--no-build", "--filter", "TestCategory=ImServer",
                "--results-directory", results.Path) == 0 ? 0 : 1;
            regression.Add(clock.Elapsed.TotalSeconds);

            clock.Restart();
            await DotnetAsync(repositoryRoot, results.Path, "test", project, "-c", "Release", "--no-build", "--filter", "TestCategory=NoTestHasThisCategory",
                "--results-directory", results.Path);
            empty.Add(clock.Elapsed.TotalSeconds);
        }

        return new RegressionTimes(regression, empty, failed);
    }

    // The Allure results of these runs go to a temporary folder, not over the user's allure-results/.
    private static async Task<int> DotnetAsync(string workingDirectory, string allureResults, params string[] arguments)
    {
        var run = await DotnetCommand.RunAsync(workingDirectory, arguments,
            new Dictionary<string, string> { [EnvironmentVariables.AllureResultsDirectory] = allureResults });
        return run.ExitCode;
    }
}
