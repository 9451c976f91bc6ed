using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using ImServerTests.Api;
using ImServerTests.Benchmarks;
using ImServerTests.Server;
using ImServerTests.Server.Conversation;

// Prints the suite's performance figures from one run on this machine: the match round trip through the
// Api next to a bare ClientWebSocket, allocations per exchange, and the embedded server under a burst.
// Usage: dotnet run -c Release --project Benchmarks [-- --sessions N --concurrent M]
var sessions = Args.Int(args, "--sessions", 10_000);
var concurrent = Args.Int(args, "--concurrent", 5_000);
const int RoundTrips = 2_000;

await using var server = await ImServer.StartAsync(new ImServerOptions { ReplyDelay = ThinkTime.None });
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
Console.WriteLine();

// Interleave the two clients in rounds so machine noise hits both alike; compare medians of the same run.
var api = new List<double>();
var bare = new List<double>();
await using (var im = await ImServerApi.ConnectAsync(server.BaseUrl, "bench-api", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)))
using (var socket = new ClientWebSocket())
{
    await socket.ConnectAsync(new Uri(server.BaseUrl + "/bench-bare"), default);
    var request = Encoding.UTF8.GetBytes("{\"type\":\"match\",\"from\":\"bench-bare\",\"to\":\"system\",\"msgId\":\"111\"}");
    var buffer = new byte[4096];
    for (var round = 0; round < 10; round++)
    {
        for (var i = 0; i < RoundTrips / 10; i++)
        {
            var clock = Stopwatch.StartNew();
            await im.MatchAsync();
            api.Add(clock.Elapsed.TotalMicroseconds);

            clock.Restart();
            await socket.SendAsync(request, WebSocketMessageType.Text, true, default);
            await socket.ReceiveAsync(buffer.AsMemory(), default);
            bare.Add(clock.Elapsed.TotalMicroseconds);
        }
    }

    var before = GC.GetTotalAllocatedBytes(precise: true);
    for (var i = 0; i < 500; i++)
    {
        await im.MatchAsync();
    }

    var perExchange = (GC.GetTotalAllocatedBytes(precise: true) - before) / 500;
    Console.WriteLine("| match round trip (µs) | median | p99 |");
    Console.WriteLine("|---|---|---|");
    Console.WriteLine($"| ImServerApi.MatchAsync | {Stats.Median(api):0} | {Stats.Percentile(api, 99):0} |");
    Console.WriteLine($"| bare ClientWebSocket | {Stats.Median(bare):0} | {Stats.Percentile(bare, 99):0} |");
    Console.WriteLine($"| ratio Api / bare | {Stats.Median(api) / Stats.Median(bare):0.00}x | {Stats.Percentile(api, 99) / Stats.Percentile(bare, 99):0.00}x |");
    Console.WriteLine();
    Console.WriteLine($"Allocations per match exchange through the Api (client and in-process server together): {perExchange:N0} bytes");
    Console.WriteLine();
}

var load = await LoadRun.RunAsync(server.BaseUrl, sessions, concurrent);
Console.WriteLine($"| burst: {sessions:N0} sessions, {concurrent:N0} at once, think time 0 | value |");
Console.WriteLine("|---|---|");
Console.WriteLine($"| sessions per second | {load.SessionsPerSecond:N0} |");
Console.WriteLine($"| frames per second | {load.FramesPerSecond:N0} |");
Console.WriteLine($"| session latency p50 / p99 (ms) | {load.P50:0.0} / {load.P99:0.0} |");
Console.WriteLine($"| errors | {load.Errors} |");
Console.WriteLine($"| managed memory: before / peak / after (MB) | {load.BaselineMb:0} / {load.PeakMb:0} / {load.AfterMb:0} |");
