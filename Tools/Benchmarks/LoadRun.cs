using System.Collections.Concurrent;
using System.Diagnostics;
using ImServerTests.Api;

namespace ImServerTests.Benchmarks;

internal sealed record LoadResult(double SessionsPerSecond, double FramesPerSecond, double P50, double P99, int Errors, double BaselineMb, double PeakMb, double AfterMb);

/// <summary>How the memory of the server under load is read: its process's resident set, now, at its peak, and 5 s after a burst.</summary>
internal sealed record MemoryProbe(Func<long> Now, Func<long, long> Peak, Func<Task<long>> Settled)
{
    /// <summary>No memory reading: for a warm-up burst.</summary>
    public static MemoryProbe None { get; } = new(() => 0, _ => 0, () => Task.FromResult(0L));

    public static MemoryProbe Resident(ServerProcess server) => new(
        () => server.ResidentBytes,
        _ => server.PeakResidentBytes,
        async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5)); // closes finish; the runtime may give memory back
            return server.ResidentBytes;
        });
}

/// <summary>N customers, at most M connected at once, each: connect, match, normal, receipt and reply, close.</summary>
internal static class LoadRun
{
    private const double Mb = 1024 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<LoadResult> RunAsync(Uri baseUrl, int sessions, int concurrent, MemoryProbe memory)
    {
        var baseline = await memory.Settled();
        var peak = baseline;
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var run = Guid.NewGuid().ToString("N")[..6];
        using var gate = new SemaphoreSlim(concurrent);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, memory.Now());
                await Task.Delay(50);
            }
        });

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, sessions).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var session = Stopwatch.StartNew();
                await using var im = await ImServerApi.ConnectAsync(baseUrl, $"load-{run}-{i}", Timeout, Timeout);
                var teacher = (await im.MatchAsync()).Msg!;
                await im.SendNormalAsync(teacher, "你好");
                var receipt = await im.ReceiveReceiptAsync();
                var reply = await im.ReceiveTeacherReplyAsync();
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
        }));
        clock.Stop();
        await sampling.CancelAsync();
        await sampler;
        peak = memory.Peak(peak);
        var after = await memory.Settled();

        var list = latencies.ToList();
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
