using System.Collections.Concurrent;
using System.Diagnostics;
using ImServerTests.Api;

namespace ImServerTests.Benchmarks;

internal static class Args
{
    public static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) && value > 0
            ? value
            : i >= 0 ? throw new ArgumentException($"{name} needs a positive whole number") : fallback;
    }
}

internal static class Stats
{
    public static double Median(List<double> values) => Percentile(values, 50);

    public static double Percentile(List<double> values, double percent)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}

internal sealed record LoadResult(double SessionsPerSecond, double FramesPerSecond, double P50, double P99, int Errors, double BaselineMb, double PeakMb, double AfterMb);

/// <summary>N customers, at most M connected at once, each: connect, match, normal, receipt and reply, close.</summary>
internal static class LoadRun
{
    public static async Task<LoadResult> RunAsync(Uri baseUrl, int sessions, int concurrent)
    {
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var peak = baseline;
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        using var gate = new SemaphoreSlim(concurrent);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                await Task.Delay(50).ConfigureAwait(false);
            }
        });

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, sessions).Select(async i =>
        {
            await gate.WaitAsync().ConfigureAwait(false);
            try
            {
                var session = Stopwatch.StartNew();
                await using var im = await ImServerApi.ConnectAsync(baseUrl, $"load-{i}", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)).ConfigureAwait(false);
                var teacher = (await im.MatchAsync().ConfigureAwait(false)).Msg!;
                await im.SendNormalAsync(teacher, "你好").ConfigureAwait(false);
                var receipt = await im.ReceiveReceiptAsync().ConfigureAwait(false);
                var reply = await im.ReceiveTeacherReplyAsync().ConfigureAwait(false);
                if (receipt.Code != "0" || reply.From != teacher)
                {
                    Interlocked.Increment(ref errors);
                }

                latencies.Add(session.Elapsed.TotalMilliseconds);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref errors);
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        clock.Stop();
        await sampling.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        await Task.Delay(500).ConfigureAwait(false);
        var after = GC.GetTotalMemory(forceFullCollection: true);

        var list = latencies.ToList();
        const double Mb = 1024 * 1024;
        return new LoadResult(
            sessions / clock.Elapsed.TotalSeconds,
            sessions * 5 / clock.Elapsed.TotalSeconds, // match, reply, normal, receipt, teacher push
            list.Count == 0 ? 0 : Stats.Median(list),
            list.Count == 0 ? 0 : Stats.Percentile(list, 99),
            errors,
            baseline / Mb,
            peak / Mb,
            after / Mb);
    }
}
