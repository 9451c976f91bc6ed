using System.Diagnostics;
using System.Globalization;
using ImServerTests.Shared;

namespace ImServerTests.Benchmarks;

/// <summary>
/// A server under load in its own process, so that its memory is its own: the embedded server (the built
/// ImServerTests.Server.dll) or the Node `ws` mock. Ready once it prints its listening line.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(string name, Process process, Uri baseUrl)
    {
        Name = name;
        _process = process;
        BaseUrl = baseUrl;
    }

    public string Name { get; }

    public Uri BaseUrl { get; }

    /// <summary>The embedded server; with <paramref name="core"/>, pinned to that core from its start (taskset), so its runtime sizes itself for one core.</summary>
    public static Task<ServerProcess> StartEmbeddedAsync(int? core = null)
    {
        var port = FreePort.Next();
        var dll = Path.Combine(AppContext.BaseDirectory, "ImServerTests.Server.dll");
        return StartAsync("embedded server (Kestrel)", "dotnet", [dll, "--urls", $"http://127.0.0.1:{port}", "--reply-delay", "0"], port, core);
    }

    public static Task<ServerProcess> StartNodeAsync(string repositoryRoot, int? core = null)
    {
        var port = FreePort.Next();
        var script = Path.Combine(repositoryRoot, "Tools", "Benchmarks", "node", "imserver.mjs");
        return StartAsync("Node ws server", "node", [script, port.ToString(CultureInfo.InvariantCulture)], port, core);
    }

    /// <summary>Resident memory now, from /proc (Linux only; 0 elsewhere).</summary>
    public long ResidentBytes => Status("VmRSS:");

    /// <summary>The highest resident memory the process has had.</summary>
    public long PeakResidentBytes => Status("VmHWM:");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static async Task<ServerProcess> StartAsync(string name, string program, string[] arguments, int port, int? core)
    {
        var start = new ProcessStartInfo(core is null ? program : "taskset") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (core is { } pinned)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(pinned.ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add(program);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.Contains("listening", StringComparison.OrdinalIgnoreCase))
            {
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None); // keep the pipe drained
                return new ServerProcess(name, process, new Uri($"ws://127.0.0.1:{port}/pinter/imserver"));
            }
        }

        throw new InvalidOperationException($"{name} exited before listening (exit code {process.ExitCode})");
    }

    private long Status(string key)
    {
        var path = $"/proc/{_process.Id}/status";
        if (!File.Exists(path))
        {
            return 0;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return kilobytes is null ? 0 : long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
    }
}
