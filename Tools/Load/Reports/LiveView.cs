using System.Diagnostics;
using System.Globalization;
using ImServerTests.Cli;
using ImServerTests.Load.Stats;
using Spectre.Console;

namespace ImServerTests.Load.Reports;

/// <summary>
/// What a run is doing while it runs: users, sessions per second, p50/p95/p99 per step and failures. A terminal gets
/// a table redrawn every second; a log gets one plain line every five seconds, free of control codes.
/// </summary>
public sealed class LiveView(RequestStats stats, Func<int> users, int targetUsers, TextWriter? plain = null)
{
    private long _lastSessions;
    private double _lastAt;

    public async Task RunAsync(CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        _lastAt = 0;
        if (plain is null && Terminal.IsInteractive)
        {
            await AnsiConsole.Live(Table(clock.Elapsed)).AutoClear(false).StartAsync(async live =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await Pause(TimeSpan.FromSeconds(1), stop);
                    live.UpdateTarget(Table(clock.Elapsed));
                }
            });
            return;
        }

        var output = plain ?? Console.Out;
        while (!stop.IsCancellationRequested)
        {
            await Pause(TimeSpan.FromSeconds(5), stop);
            if (!stop.IsCancellationRequested)
            {
                await output.WriteLineAsync(Line(clock.Elapsed));
            }
        }
    }

    /// <summary>One plain line of the run's state.</summary>
    public string Line(TimeSpan elapsed)
    {
        var totals = stats.Totals();
        var slowest = totals.Entries.OrderByDescending(e => e.Percentile(0.95)).FirstOrDefault();
        return $"[{elapsed.TotalSeconds:0}s] users {users()}/{targetUsers}, sessions {stats.Sessions} ({SessionsPerSecond(elapsed):0.#}/s), "
            + $"requests {totals.Total.NumRequests}, failures {totals.Total.NumFailures}"
            + (slowest is null ? "" : $"; slowest p95: {slowest.Name} {slowest.Percentile(0.95)} ms");
    }

    private Table Table(TimeSpan elapsed)
    {
        var totals = stats.Totals();
        var table = Terminal.Render(["request", "# reqs", "# fails", "p50 ms", "p95 ms", "p99 ms"],
            totals.Entries.Append(totals.Total).Select(e => (IReadOnlyList<string>)[e.Name, N(e.NumRequests), N(e.NumFailures), N(e.MedianResponseTime), N(e.Percentile(0.95)), N(e.Percentile(0.99))]));
        table.Title = new TableTitle($"{elapsed.TotalSeconds:0} s, users {users()}/{targetUsers}, sessions {stats.Sessions} ({SessionsPerSecond(elapsed):0.#}/s), failures {totals.Total.NumFailures}");
        return table;
    }

    // Sessions per second since the previous look.
    private double SessionsPerSecond(TimeSpan elapsed)
    {
        var sessions = stats.Sessions;
        var seconds = elapsed.TotalSeconds - _lastAt;
        var rate = seconds > 0 ? (sessions - _lastSessions) / seconds : 0;
        (_lastSessions, _lastAt) = (sessions, elapsed.TotalSeconds);
        return rate;
    }

    private static async Task Pause(TimeSpan time, CancellationToken stop)
    {
        try
        {
            await Task.Delay(time, stop);
        }
        catch (OperationCanceledException)
        {
            // the run ended
        }
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
