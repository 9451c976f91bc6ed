using System.Diagnostics;

namespace ImServerTests.Shared;

/// <summary>What a dotnet child process did: its exit code, its output, and whether it had to be stopped.</summary>
public sealed record DotnetResult(int ExitCode, string Output, string Errors, TimeSpan Elapsed, bool TimedOut);

/// <summary>Runs dotnet as a child process, as a user would from the repository root, with its output captured.</summary>
public static class DotnetCommand
{
    /// <summary>
    /// Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>, with extra
    /// environment variables; a run longer than <paramref name="bound"/>, or one cancelled, is stopped with its
    /// whole process tree.
    /// </summary>
    public static async Task<DotnetResult> RunAsync(
        string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? bound = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started: is the .NET SDK on PATH?");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(bound ?? Timeout.InfiniteTimeSpan);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return new DotnetResult(process.ExitCode, await output.ConfigureAwait(false), await errors.ConfigureAwait(false), clock.Elapsed, timedOut);
    }
}
