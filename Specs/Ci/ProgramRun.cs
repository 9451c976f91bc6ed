using System.Diagnostics;

namespace ImServerTests.Specs.Ci;

/// <summary>Runs one of the repository's programs as a user does (dotnet on its built dll), from the repository root.</summary>
internal static class ProgramRun
{
    private static readonly string Root = RepositoryRoot.Find();

    // The programs are built with this test assembly's configuration: the specs project references each of them.
    private static readonly string Configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    /// <summary>The exit code and both outputs; a program still running after <paramref name="timeout"/> (a minute) is killed and fails the spec.</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(string project, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var folder = project == "Server" ? project : Path.Combine("Tools", project);
        var dll = Path.Combine(Root, folder, "bin", Configuration, "net10.0", $"ImServerTests.{project}.dll");
        File.Exists(dll).Should().BeTrue($"{dll} is built with the specs, which reference every program");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        start.ArgumentList.Add(dll);
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(1));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{project} {string.Join(' ', args)} was still running after {(timeout ?? TimeSpan.FromMinutes(1)).TotalSeconds} s");
        }

        return (process.ExitCode, await output, await error);
    }
}
