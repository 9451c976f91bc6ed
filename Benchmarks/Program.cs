using System.Runtime.InteropServices;
using ImServerTests.Benchmarks;
using ImServerTests.Server;
using ImServerTests.Server.Conversation;
using ImServerTests.Shared;

// Prints the suite's performance figures from one run on this machine; docs/benchmarks.md explains them.
// Usage: dotnet run -c Release --project Benchmarks [-- --sessions N --concurrent M --repetitions R]
var sessions = Args.Int(args, "--sessions", 10_000);
var concurrent = Args.Int(args, "--concurrent", 5_000);
var repetitions = Args.Int(args, "--repetitions", 5);
var root = RepositoryRoot.Find();

Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
Console.WriteLine($"Arguments: --sessions {sessions} --concurrent {concurrent} --repetitions {repetitions}");
Console.WriteLine();

await using (var server = await ImServer.StartAsync(new ImServerOptions { ReplyDelay = ThinkTime.None }))
{
    Report.RoundTrips(await RoundTrip.RunAsync(server.BaseUrl, repetitions, exchanges: 1_000));
    Report.Allocations(await RoundTrip.AllocationsPerExchangeAsync(server.BaseUrl, exchanges: 1_000));

    var bursts = new List<LoadResult>();
    for (var i = 0; i < repetitions; i++)
    {
        bursts.Add(await LoadRun.RunAsync(server.BaseUrl, sessions, concurrent, MemoryProbe.ManagedHeap));
    }

    Report.InProcessBursts(sessions, concurrent, bursts, server.Registry.OnlineCount);
}

// The same burst against the embedded server and a Node ws mock, each in its own process, alternated.
if (Args.NodeModulesReady(root))
{
    var embedded = new List<LoadResult>();
    var node = new List<LoadResult>();
    for (var i = 0; i < repetitions; i++)
    {
        await using (var process = await ServerProcess.StartEmbeddedAsync())
        {
            embedded.Add(await LoadRun.RunAsync(process.BaseUrl, sessions, concurrent, MemoryProbe.Resident(process)));
        }

        await using (var process = await ServerProcess.StartNodeAsync(root))
        {
            node.Add(await LoadRun.RunAsync(process.BaseUrl, sessions, concurrent, MemoryProbe.Resident(process)));
        }
    }

    Report.ServerComparison(sessions, concurrent, embedded, node);
}
else
{
    Console.WriteLine("Node comparison skipped: run `npm ci` at the repository root first (it installs the ws package).");
    Console.WriteLine();
}

Report.Regression(await RegressionTiming.RunAsync(root, repetitions: Math.Min(repetitions, 3)));
