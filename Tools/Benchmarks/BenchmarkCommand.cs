using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using ImServerTests.Cli;
using ImServerTests.Conformance;
using ImServerTests.Server;
using ImServerTests.TestKit.Servers;
using ImServerTests.Shared;

namespace ImServerTests.Benchmarks;

/// <summary>The benchmarks' command line, and the run of the parts it names, with progress a person can follow.</summary>
internal static class BenchmarkCommand
{
    private static readonly string[] AllParts = ["roundtrip", "contract", "pinned", "unpinned", "regression", "first-command"];

    // first-command clones and builds the repository several times (minutes each), so it runs only when named.
    private static readonly string[] DefaultParts = ["roundtrip", "contract", "pinned", "unpinned", "regression"];

    private static readonly Option<int> Sessions = Positive("--sessions", "Sessions in each burst.", 10_000);
    private static readonly Option<int> Concurrent = Positive("--concurrent", "Sessions open at once in a burst.", 5_000);
    private static readonly Option<int> Rounds = Positive("--rounds", "Bursts per server, the servers taking turns.", 3);
    private static readonly Option<int> Repetitions = Positive("--repetitions", "Repetitions of the round trip and of the regression's timing.", 3);
    private static readonly Option<string[]> Before = new("--before")
    {
        Description = "With --parts first-command: earlier revisions (commits, tags) whose first README command is timed beside HEAD's.",
        HelpName = "REVISION",
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => [],
    };

    private static readonly Option<bool> EmptyNuGetCache = new("--empty-nuget-cache")
    {
        Description = "With --parts first-command: each run restores into a new, empty NuGet cache, as on a new machine.",
    };

    private static readonly Option<bool> NoPin = new("--no-pin") { Description = "Leave out the pinned comparison (each server on core 0, the driver on core 1)." };

    private static readonly Option<string[]> Parts = new("--parts")
    {
        Description = "The figures to measure, comma-separated: roundtrip, contract, pinned, unpinned, regression, first-command (only when named).",
        DefaultValueFactory = _ => DefaultParts,
        CustomParser = result => [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))],
        HelpName = "PART,...",
    };

    static BenchmarkCommand() => Parts.Validators.Add(result =>
    {
        if (result.GetValueOrDefault<string[]>().FirstOrDefault(p => !AllParts.Contains(p)) is { } unknown)
        {
            result.AddError($"--parts: unknown part '{unknown}'; parts: {string.Join(", ", AllParts)}");
        }
    });

    public static RootCommand Create()
    {
        var root = new RootCommand("The suite's performance figures from one run on this machine (about 10 minutes on 2 cores); docs/benchmarks.md reads them against the targets.")
        {
            Sessions, Concurrent, Rounds, Repetitions, NoPin, Parts, Before, EmptyNuGetCache,
        };
        root.SetAction((parsed, _) => MeasureAsync(parsed));
        root.Subcommands.Add(BareClientCommand.Create());
        return root;
    }

    private static async Task<int> MeasureAsync(ParseResult parsed)
    {
        var settings = new Settings(parsed.GetValue(Sessions), parsed.GetValue(Concurrent), parsed.GetValue(Rounds), parsed.GetValue(Repetitions), RepositoryRoot.Find());
        var parts = parsed.GetValue(Parts)!;
        var pin = parts.Contains("pinned") && !parsed.GetValue(NoPin) && Environment.ProcessorCount >= 2 && OperatingSystem.IsLinux(); // taskset and affinity
        var steps = (parts.Contains("roundtrip") ? 1 : 0) + (parts.Contains("contract") ? 1 : 0) + (pin ? settings.Rounds : 0) + (parts.Contains("unpinned") ? settings.Rounds : 0)
            + (parts.Contains("regression") ? 1 : 0) + (parts.Contains("first-command") ? 1 : 0);
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
        Console.WriteLine($"Arguments: --sessions {settings.Sessions} --concurrent {settings.Concurrent} --rounds {settings.Rounds} --repetitions {settings.Repetitions}{(pin ? "" : " --no-pin")}");
        Console.WriteLine();

        return await new Progress("benchmarks", steps).RunAsync(async progress =>
        {
            if (parts.Contains("roundtrip"))
            {
                progress.Started("round trips and allocations");
                await using var server = await ServerUnderTest.OpenAsync(EmbeddedWithoutThinkTime, SuiteFiles.OfThisRun(), EmbeddedServer.StartAsync, CancellationToken.None);
                var roundTrips = await RoundTrip.RunAsync(server.BaseUrl, server.Contract, settings.Repetitions, exchanges: 1_000);
                var allocations = await RoundTrip.AllocationsPerExchangeAsync(server.BaseUrl, exchanges: 1_000);
                progress.Finished("round trips");
                Report.RoundTrips(roundTrips);
                Report.Allocations(allocations);
            }

            if (parts.Contains("contract"))
            {
                progress.Started("the contract check's cost per frame");
                var rows = ContractChecks.Run(ContractFile.Load(_ => null));
                progress.Finished("contract checks");
                Report.ContractChecks(rows);
            }

            // The same burst against the embedded server and a Node ws server, each in its own process, alternated
            // round by round: pinned (each server on core 0, this driver on core 1) and unpinned.
            if (Args.NodeModulesReady(settings.Root))
            {
                if (pin)
                {
                    Report.ServerComparison("pinned: each server on core 0, the load driver on core 1", settings.Sessions, settings.Concurrent,
                        await CompareAsync(settings, "pinned", serverCore: 0, driverCore: 1, progress));
                }

                if (parts.Contains("unpinned"))
                {
                    Report.ServerComparison("unpinned: servers and driver share both cores", settings.Sessions, settings.Concurrent,
                        await CompareAsync(settings, "unpinned", serverCore: null, driverCore: null, progress));
                }
            }
            else if (pin || parts.Contains("unpinned"))
            {
                Console.WriteLine("Node comparison skipped: run `npm ci` at the repository root first (it installs the ws package).");
                Console.WriteLine();
            }

            if (parts.Contains("regression"))
            {
                progress.Started($"the regression's wall time, {settings.Repetitions} repetitions");
                var times = await RegressionTiming.RunAsync(settings.Root, settings.Repetitions);
                progress.Finished("regression timing");
                Report.Regression(times);
            }

            if (parts.Contains("first-command"))
            {
                string[] revisions = [.. parsed.GetValue(Before)!, "HEAD"];
                progress.Started($"the README's first command on fresh clones of {string.Join(", ", revisions)}, {settings.Repetitions} rounds{(parsed.GetValue(EmptyNuGetCache) ? ", empty NuGet cache" : "")}");
                var times = await FirstCommandTiming.RunAsync(settings.Root, revisions, settings.Repetitions, parsed.GetValue(EmptyNuGetCache));
                progress.Finished("first command timing");
                Report.FirstCommand(times, parsed.GetValue(EmptyNuGetCache));
            }

            return ExitCodes.Success;
        });
    }

    private static async Task<List<(LoadResult Embedded, LoadResult Node)>> CompareAsync(Settings settings, string how, int? serverCore, int? driverCore, Progress progress)
    {
        using var me = Process.GetCurrentProcess();
        var all = OperatingSystem.IsLinux() ? me.ProcessorAffinity : 0;
        if (driverCore is { } core && OperatingSystem.IsLinux())
        {
            me.ProcessorAffinity = 1 << core;
        }

        try
        {
            // The driver's own code reaches its optimised tier on an unmeasured burst, so the rounds measure the servers.
            progress.Started($"{how}: warm-up burst");
            await using (var warmUp = await ServerProcess.StartEmbeddedAsync(serverCore))
            {
                await LoadRun.RunAsync(warmUp.BaseUrl, Math.Min(settings.Sessions, 3_000), Math.Min(settings.Concurrent, 1_000), MemoryProbe.None);
            }

            var results = new List<(LoadResult, LoadResult)>();
            for (var round = 1; round <= settings.Rounds; round++)
            {
                LoadResult embedded, node;
                progress.Started($"{how}, round {round} of {settings.Rounds}: embedded server");
                await using (var process = await ServerProcess.StartEmbeddedAsync(serverCore))
                {
                    embedded = await LoadRun.RunAsync(process.BaseUrl, settings.Sessions, settings.Concurrent, MemoryProbe.Resident(process));
                }

                progress.Started($"{how}, round {round} of {settings.Rounds}: Node ws server");
                await using (var process = await ServerProcess.StartNodeAsync(settings.Root, serverCore))
                {
                    node = await LoadRun.RunAsync(process.BaseUrl, settings.Sessions, settings.Concurrent, MemoryProbe.Resident(process));
                }

                results.Add((embedded, node));
                progress.Finished($"{how} round {round}: {embedded.SessionsPerSecond:N0} vs {node.SessionsPerSecond:N0} sessions/s");
            }

            return results;
        }
        finally
        {
            if (OperatingSystem.IsLinux())
            {
                me.ProcessorAffinity = all;
            }
        }
    }

    private static Option<int> Positive(string name, string description, int fallback)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => fallback, HelpName = "N" };
        option.Validators.Add(result =>
        {
            try
            {
                if (result.GetValueOrDefault<int>() <= 0)
                {
                    result.AddError($"{name} needs a positive whole number");
                }
            }
            catch (InvalidOperationException)
            {
                // a value that does not parse is reported by the parser
            }
        });
        return option;
    }

    // The round trips measure the suite's own cost: the embedded server as it ships with the shipped contract, its
    // teacher answering at once, whatever this shell's variables name.
    private static string? EmbeddedWithoutThinkTime(string name) => name switch
    {
        EnvironmentVariables.Environment => "embedded",
        EnvironmentVariables.EmbeddedReplyDelay => "0",
        _ => null,
    };

    private sealed record Settings(int Sessions, int Concurrent, int Rounds, int Repetitions, string Root);
}
