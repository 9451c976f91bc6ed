namespace ImServerTests.Server.Sessions;

/// <summary>
/// Gives memory back once a burst is over: when every connection of a large burst has closed, the runtime is
/// asked for an aggressive collection, which returns freed memory to the system instead of keeping it for reuse.
/// A test server idles between runs; what it held at its peak should not stay held.
/// </summary>
internal sealed class IdleTrimmer(SessionRegistry registry, int burstSize)
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);

    public async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(Every);
        var peak = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                var online = registry.OnlineCount;
                peak = Math.Max(peak, online);
                if (online == 0 && peak >= burstSize)
                {
                    peak = 0;
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                    NativeHeap.Trim();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // the server is stopping
        }
    }

    // The C library keeps freed native memory (socket and runtime bookkeeping) for reuse; on Linux with glibc it
    // can be asked to hand it back. Elsewhere there is nothing to do.
    private static class NativeHeap
    {
        public static void Trim()
        {
            if (!OperatingSystem.IsLinux())
            {
                return;
            }

            try
            {
                _ = MallocTrim(0);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // not glibc (musl, for one): it keeps its own counsel
            }
        }

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "malloc_trim")]
        private static extern int MallocTrim(nuint pad);
    }
}
