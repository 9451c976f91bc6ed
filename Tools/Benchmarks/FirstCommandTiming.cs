using System.Diagnostics;
using ImServerTests.Shared;

namespace ImServerTests.Benchmarks;

/// <summary>The wall times of one revision's first README command, each on a fresh clone.</summary>
internal sealed record FirstCommandTimes(string Revision, string Command, List<double> Seconds, int FailedRuns);

/// <summary>
/// The README's first command as a new user meets it: a fresh clone of a revision, nothing built, no compiler server
/// running, the NuGet cache as this machine has it (or, with --empty-nuget-cache, an empty one of its own); the command is read from that revision's own README (the first
/// dotnet line of its Quick start), so each revision is timed by its own words. Revisions take turns, so noise hits all.
/// </summary>
internal static class FirstCommandTiming
{
    public static async Task<List<FirstCommandTimes>> RunAsync(string repositoryRoot, IReadOnlyList<string> revisions, int repetitions, bool emptyNuGetCache)
    {
        // Every clone and NuGet cache of the runs stays inside this folder of the benchmark's own, which alone is
        // removed, as a whole, at the end (TemporaryFolder: also on failure and Ctrl-C).
        using var work = TemporaryFolder.Create("imserver-first-command-");
        var times = revisions.Select(r => new FirstCommandTimes(r, "", [], 0)).ToList();
        for (var round = 0; round < repetitions; round++)
        {
            for (var i = 0; i < revisions.Count; i++)
            {
                var clone = Path.Combine(work.Path, $"clone-{round}-{i}");
                await GitAsync(work.Path, "clone", "--quiet", "--no-hardlinks", repositoryRoot, clone);
                await GitAsync(clone, "checkout", "--quiet", revisions[i]);
                var command = QuickStartCommand(clone);
                await DotnetCommand.RunAsync(clone, ["build-server", "shutdown"]);
                var environment = new Dictionary<string, string> { [EnvironmentVariables.AllureResultsDirectory] = Path.Combine(work.Path, "allure") };
                if (emptyNuGetCache)
                {
                    // A machine that never restored these packages: a NuGet cache of this run's own, empty at the start.
                    environment["NUGET_PACKAGES"] = Path.Combine(work.Path, $"nuget-{round}-{i}");
                }

                var run = await DotnetCommand.RunAsync(clone, command.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..], environment, TimeSpan.FromMinutes(10));
                times[i] = times[i] with { Command = command, FailedRuns = times[i].FailedRuns + (run.ExitCode == 0 ? 0 : 1) };
                times[i].Seconds.Add(run.Elapsed.TotalSeconds);
            }
        }

        await DotnetCommand.RunAsync(repositoryRoot, ["build-server", "shutdown"]);
        return times;
    }

    // The first `dotnet` line of the code block under the README's "Quick start" heading.
    private static string QuickStartCommand(string clone)
    {
        var lines = File.ReadAllLines(Path.Combine(clone, "README.md"));
        var heading = Array.FindIndex(lines, l => l.StartsWith('#') && l.Contains("Quick start", StringComparison.Ordinal));
        return lines.Skip(heading + 1).Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("dotnet ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{clone}/README.md has no dotnet command under a Quick start heading");
    }

    private static async Task GitAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = workingDirectory, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var git = Process.Start(start) ?? throw new InvalidOperationException("git could not be started: is it on PATH?");
        var errors = await git.StandardError.ReadToEndAsync();
        await git.WaitForExitAsync();
        if (git.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {errors.Trim()}");
        }
    }
}
