using System.Diagnostics;
using System.Runtime.InteropServices;
using ImServerTests.Benchmarks;
using ImServerTests.Conformance;
using ImServerTests.Server;
using ImServerTests.Server.Conversation;
using ImServerTests.Shared;

// Prints the suite's performance figures from one run on this machine; docs/benchmarks.md explains them.
// Usage: dotnet run -c Release --project Benchmarks [-- --sessions N --concurrent M --rounds R --repetitions R --no-pin
//        --parts roundtrip,pinned,unpinned,regression]
var sessions = Args.Int(args, "--sessions", 10_000);
var concurrent = Args.Int(args, "--concurrent", 5_000);
var rounds = Args.Int(args, "--rounds", 3);
var repetitions = Args.Int(args, "--repetitions", 3);
var parts = Args.Text(args, "--parts", "roundtrip,pinned,unpinned,regression").Split(',', StringSplitOptions.TrimEntries);
var pin = parts.Contains("pinned") && !args.Contains("--no-pin") && Environment.ProcessorCount >= 2 && OperatingSystem.IsLinux(); // taskset and affinity
var root = RepositoryRoot.Find();

Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
Console.WriteLine($"Arguments: --sessions {sessions} --concurrent {concurrent} --rounds {rounds} --repetitions {repetitions}{(pin ? "" : " --no-pin")}");
Console.WriteLine();

if (parts.Contains("roundtrip"))
{
    await using var server = await ImServer.StartAsync(new ImServerOptions { ReplyDelay = ThinkTime.None });
    Report.RoundTrips(await RoundTrip.RunAsync(server.BaseUrl, ContractFile.Load(_ => null), repetitions, exchanges: 1_000));
    Report.Allocations(await RoundTrip.AllocationsPerExchangeAsync(server.BaseUrl, exchanges: 1_000));
}

// The same burst against the embedded server and a Node ws server, each in its own process, alternated round by
// round: pinned (each server on core 0, this driver on core 1) and unpinned.
if (Args.NodeModulesReady(root))
{
    if (pin)
    {
        Report.ServerComparison("pinned: each server on core 0, the load driver on core 1", sessions, concurrent,
            await CompareAsync(serverCore: 0, driverCore: 1));
    }

    if (parts.Contains("unpinned"))
    {
        Report.ServerComparison("unpinned: servers and driver share both cores", sessions, concurrent, await CompareAsync(serverCore: null, driverCore: null));
    }
}
else
{
    Console.WriteLine("Node comparison skipped: run `npm ci` at the repository root first (it installs the ws package).");
    Console.WriteLine();
}

if (parts.Contains("regression"))
{
    Report.Regression(await RegressionTiming.RunAsync(root, repetitions));
}

async Task<List<(LoadResult Embedded, LoadResult Node)>> CompareAsync(int? serverCore, int? driverCore)
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
        await using (var warmUp = await ServerProcess.StartEmbeddedAsync(serverCore))
        {
            await LoadRun.RunAsync(warmUp.BaseUrl, Math.Min(sessions, 3_000), Math.Min(concurrent, 1_000), MemoryProbe.None);
        }

        var results = new List<(LoadResult, LoadResult)>();
        for (var round = 0; round < rounds; round++)
        {
            LoadResult embedded, node;
            await using (var process = await ServerProcess.StartEmbeddedAsync(serverCore))
            {
                embedded = await LoadRun.RunAsync(process.BaseUrl, sessions, concurrent, MemoryProbe.Resident(process));
            }

            await using (var process = await ServerProcess.StartNodeAsync(root, serverCore))
            {
                node = await LoadRun.RunAsync(process.BaseUrl, sessions, concurrent, MemoryProbe.Resident(process));
            }

            results.Add((embedded, node));
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
