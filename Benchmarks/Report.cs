namespace ImServerTests.Benchmarks;

/// <summary>Prints each figure as a markdown table, ready to paste into docs/benchmarks.md.</summary>
internal static class Report
{
    public static void RoundTrips(List<RoundTripRepetition> repetitions)
    {
        Console.WriteLine("match round trip, µs (median of 1,000 interleaved exchanges per repetition)");
        Console.WriteLine();
        Console.WriteLine("| repetition | ImServerApi | WebSocketClient | bare ClientWebSocket | Api / bare median | Api / bare p99 |");
        Console.WriteLine("|---|---|---|---|---|---|");
        for (var i = 0; i < repetitions.Count; i++)
        {
            var r = repetitions[i];
            Console.WriteLine($"| {i + 1} | {r.Api:0} | {r.Client:0} | {r.Bare:0} | {r.Api / r.Bare:0.00}x | {r.ApiP99 / r.BareP99:0.00}x |");
        }

        Console.WriteLine($"| **median** | {Stats.Median(repetitions.Select(r => r.Api)):0} | {Stats.Median(repetitions.Select(r => r.Client)):0} | "
            + $"{Stats.Median(repetitions.Select(r => r.Bare)):0} | **{Stats.Median(repetitions.Select(r => r.Api / r.Bare)):0.00}x** | "
            + $"{Stats.Median(repetitions.Select(r => r.ApiP99 / r.BareP99)):0.00}x |");
        Console.WriteLine();
    }

    public static void Allocations(long bytes)
    {
        Console.WriteLine($"Allocations per match exchange through the Api (client and in-process server together): {bytes:N0} bytes");
        Console.WriteLine();
    }

    public static void InProcessBursts(int sessions, int concurrent, List<LoadResult> bursts, int onlineAfter)
    {
        Console.WriteLine($"Burst against the in-process embedded server: {sessions:N0} sessions, {concurrent:N0} at once, think time 0");
        Console.WriteLine("(managed heap of the whole process: the server and the load's clients)");
        Console.WriteLine();
        Console.WriteLine("| repetition | sessions/s | frames/s | p50 / p99 ms | errors | heap before / peak / after MB |");
        Console.WriteLine("|---|---|---|---|---|---|");
        for (var i = 0; i < bursts.Count; i++)
        {
            var b = bursts[i];
            Console.WriteLine($"| {i + 1} | {b.SessionsPerSecond:N0} | {b.FramesPerSecond:N0} | {b.P50:0} / {b.P99:0} | {b.Errors} | {b.BaselineMb:0} / {b.PeakMb:0} / {b.AfterMb:0} |");
        }

        Console.WriteLine($"| **median** | {Stats.Median(bursts.Select(b => b.SessionsPerSecond)):N0} | {Stats.Median(bursts.Select(b => b.FramesPerSecond)):N0} | "
            + $"{Stats.Median(bursts.Select(b => b.P50)):0} / {Stats.Median(bursts.Select(b => b.P99)):0} | {bursts.Sum(b => b.Errors)} total | "
            + $"{Stats.Median(bursts.Select(b => b.BaselineMb)):0} / {Stats.Median(bursts.Select(b => b.PeakMb)):0} / {Stats.Median(bursts.Select(b => b.AfterMb)):0} |");
        Console.WriteLine();
        Console.WriteLine($"Connections the server still holds after the bursts: {onlineAfter}");
        Console.WriteLine();
    }

    public static void ServerComparison(int sessions, int concurrent, List<LoadResult> embedded, List<LoadResult> node)
    {
        Console.WriteLine($"Same burst, each server in its own process ({sessions:N0} sessions, {concurrent:N0} at once), alternated; medians of the repetitions");
        Console.WriteLine();
        Console.WriteLine("| server | sessions/s | frames/s | p50 / p99 ms | errors | RSS before / peak / 2 s after MB |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Row("embedded server (Kestrel)", embedded);
        Row("Node ws mock", node);
        var ratios = embedded.Zip(node, (e, n) => e.SessionsPerSecond / n.SessionsPerSecond).ToList();
        Console.WriteLine();
        Console.WriteLine($"Throughput embedded / Node per repetition: {string.Join(", ", ratios.Select(r => $"{r:0.00}x"))}; median **{Stats.Median(ratios):0.00}x**");
        Console.WriteLine();

        static void Row(string name, List<LoadResult> runs) => Console.WriteLine(
            $"| {name} | {Stats.Median(runs.Select(b => b.SessionsPerSecond)):N0} | {Stats.Median(runs.Select(b => b.FramesPerSecond)):N0} | "
            + $"{Stats.Median(runs.Select(b => b.P50)):0} / {Stats.Median(runs.Select(b => b.P99)):0} | {runs.Sum(b => b.Errors)} | "
            + $"{Stats.Median(runs.Select(b => b.BaselineMb)):0} / {Stats.Median(runs.Select(b => b.PeakMb)):0} / {Stats.Median(runs.Select(b => b.AfterMb)):0} |");
    }

    public static void Regression(RegressionTimes times)
    {
        Console.WriteLine("Regression wall time, s (dotnet test -c Release --no-build on TestCases; Allure results to a temporary folder)");
        Console.WriteLine();
        Console.WriteLine("| run | --filter TestCategory=ImServer | a filter that selects no test |");
        Console.WriteLine("|---|---|---|");
        for (var i = 0; i < times.Regression.Count; i++)
        {
            Console.WriteLine($"| {i + 1} | {times.Regression[i]:0.0} | {times.Empty[i]:0.0} |");
        }

        var overhead = Stats.Median(times.Regression) - Stats.Median(times.Empty);
        Console.WriteLine($"| **median** | {Stats.Median(times.Regression):0.0} | {Stats.Median(times.Empty):0.0} |");
        Console.WriteLine();
        Console.WriteLine($"The regression costs {overhead:0.0} s above the dotnet test floor; runs with a failing test: {times.FailedRuns}");
    }
}
