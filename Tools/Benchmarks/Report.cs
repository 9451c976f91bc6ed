using ImServerTests.Cli;

namespace ImServerTests.Benchmarks;

/// <summary>
/// Prints each figure as a table: drawn in a terminal, markdown when the output goes to a file or a log (ready to
/// paste into docs/benchmarks.md).
/// </summary>
internal static class Report
{
    public static void RoundTrips(List<RoundTripRepetition> repetitions)
    {
        Console.WriteLine("match round trip, µs (median of 1,000 interleaved exchanges per repetition)");
        Console.WriteLine();
        var rows = repetitions.Select((r, i) => (IReadOnlyList<string>)
            [$"{i + 1}", $"{r.Api:0}", $"{r.Checked:0}", $"{r.Client:0}", $"{r.Bare:0}", $"{r.Api / r.Bare:0.00}x", $"{r.Checked / r.Bare:0.00}x", $"{r.ApiP99 / r.BareP99:0.00}x"]).ToList();
        rows.Add(
        [
            "median", $"{Stats.Median(repetitions.Select(r => r.Api)):0}", $"{Stats.Median(repetitions.Select(r => r.Checked)):0}",
            $"{Stats.Median(repetitions.Select(r => r.Client)):0}", $"{Stats.Median(repetitions.Select(r => r.Bare)):0}",
            $"{Stats.Median(repetitions.Select(r => r.Api / r.Bare)):0.00}x", $"{Stats.Median(repetitions.Select(r => r.Checked / r.Bare)):0.00}x",
            $"{Stats.Median(repetitions.Select(r => r.ApiP99 / r.BareP99)):0.00}x",
        ]);
        Terminal.WriteTable(["repetition", "ImServerApi", "ImServerApi + contract", "WebSocketClient", "bare ClientWebSocket", "Api / bare", "Api + contract / bare", "Api / bare p99"], rows);
        Console.WriteLine();
        Console.WriteLine($"The contract check costs {Stats.Median(repetitions.Select(r => r.Checked - r.Api)):0.0} µs per frame "
            + "(targets: Api <= 1.15x bare with the check off, <= 1.3x with it on)");
        Console.WriteLine();
    }

    public static void Allocations(long bytes)
    {
        Console.WriteLine($"Allocations per match exchange through the Api (client and in-process server together): {bytes:N0} bytes");
        Console.WriteLine();
    }

    public static void ContractChecks(List<ContractCheckRow> rows)
    {
        Console.WriteLine("contract check, µs per check on one thread (the shipped messages' examples; median of 5 interleaved rounds of 20,000 checks)");
        Console.WriteLine();
        Terminal.WriteTable(["check", "Contract (payloads written out)", "JsonSchema.Net by reference into the document", "by reference / Contract"],
            rows.Select(r => (IReadOnlyList<string>)[r.Check, $"{r.Contract:0.0}", $"{r.ByReference:0.0}", $"{r.ByReference / r.Contract:0.00}x"]));
        var session = rows.Where(r => r.Session).ToList();
        Console.WriteLine();
        Console.WriteLine($"A session's {session.Count} scenario-step checks (load command, benchmark conversation): {session.Sum(r => r.Contract):0.0} µs, "
            + $"by reference {session.Sum(r => r.ByReference):0.0} µs");
        Console.WriteLine();
    }

    public static void ServerComparison(string how, int sessions, int concurrent, List<(LoadResult Embedded, LoadResult Node)> rounds)
    {
        Console.WriteLine($"Burst of {sessions:N0} sessions, {concurrent:N0} at once, each server in its own process, {how}; rounds alternate the servers");
        Console.WriteLine();
        Terminal.WriteTable(["round", "server", "sessions/s", "p50 / p99 ms", "errors", "RSS before / peak / 5 s after MB"],
            rounds.SelectMany((r, i) => new[] { Row($"{i + 1}", "embedded (Kestrel)", r.Embedded), Row($"{i + 1}", "Node ws", r.Node) }));

        var throughput = rounds.Select(r => r.Embedded.SessionsPerSecond / r.Node.SessionsPerSecond).ToList();
        var peak = rounds.Select(r => r.Embedded.PeakMb / r.Node.PeakMb).ToList();
        var back = rounds.Select(r => r.Embedded.AfterMb / r.Embedded.BaselineMb).ToList();
        Console.WriteLine();
        Console.WriteLine($"Sessions/s, embedded / Node per round: {string.Join(", ", throughput.Select(r => $"{r:0.00}x"))}; median **{Stats.Median(throughput):0.00}x** (target >= 1.0x)");
        Console.WriteLine($"Peak RSS, embedded / Node per round: {string.Join(", ", peak.Select(r => $"{r:0.00}x"))}; median **{Stats.Median(peak):0.00}x** (target <= 1.5x)");
        Console.WriteLine($"Embedded RSS 5 s after the burst / before it: {string.Join(", ", back.Select(r => $"{r:0.00}x"))}; median **{Stats.Median(back):0.00}x** (target <= 1.20x)");
        Console.WriteLine($"Errors: embedded {rounds.Sum(r => r.Embedded.Errors)}, Node {rounds.Sum(r => r.Node.Errors)}");
        Console.WriteLine();

        static IReadOnlyList<string> Row(string round, string name, LoadResult r) =>
            [round, name, $"{r.SessionsPerSecond:N0}", $"{r.P50:0} / {r.P99:0}", $"{r.Errors}", $"{r.BaselineMb:0} / {r.PeakMb:0} / {r.AfterMb:0}"];
    }

    public static void Regression(RegressionTimes times)
    {
        Console.WriteLine("Regression wall time, s (dotnet test -c Release --no-build on TestCases; Allure results to a temporary folder)");
        Console.WriteLine();
        var rows = times.Regression.Select((t, i) => (IReadOnlyList<string>)[$"{i + 1}", $"{t:0.0}", $"{times.Empty[i]:0.0}"]).ToList();
        rows.Add(["median", $"{Stats.Median(times.Regression):0.0}", $"{Stats.Median(times.Empty):0.0}"]);
        Terminal.WriteTable(["run", "--filter TestCategory=ImServer", "a filter that selects no test"], rows);
        var overhead = Stats.Median(times.Regression) - Stats.Median(times.Empty);
        Console.WriteLine();
        Console.WriteLine($"The regression costs {overhead:0.0} s above the dotnet test floor; runs with a failing test: {times.FailedRuns}");
    }

    public static void FirstCommand(List<FirstCommandTimes> times, bool emptyNuGetCache)
    {
        Console.WriteLine($"The README's first command on a fresh clone, wall time in s (nothing built, no compiler server running, {(emptyNuGetCache ? "an empty" : "this machine's")} NuGet cache)");
        Console.WriteLine();
        var latest = Stats.Median(times[^1].Seconds);
        var rows = times.Select(t => (IReadOnlyList<string>)[t.Revision, $"`{t.Command}`", string.Join(" ", t.Seconds.Select(s => $"{s:0.0}")),
            $"{Stats.Median(t.Seconds):0.0}", $"{Stats.Median(t.Seconds) / latest:0.00}", $"{t.FailedRuns}"]).ToList();
        Terminal.WriteTable(["revision", "command", "runs", "median", "x HEAD", "failed runs"], rows);
        Console.WriteLine();
    }
}
