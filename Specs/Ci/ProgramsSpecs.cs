using System.Diagnostics;

namespace ImServerTests.Specs.Ci;

/// <summary>
/// Every program of the repository, run as a user runs it: --help in the same shape everywhere, a wrong option
/// answered in one line naming it and the usage with exit code 2, and no terminal control codes when the output is
/// not a terminal.
/// </summary>
[AllureEpic("Build and CI")]
[TestFixture]
[Category(Categories.Program)]
[AllureFeature("The programs' command lines")]
public sealed class ProgramsSpecs
{
    private static readonly string Root = RepositoryRoot.Find();

    // The programs are built with this test assembly's configuration: the specs project references each of them.
    private static readonly string Configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    public static IEnumerable<TestCaseData> Programs() =>
        new[]
        {
            ("Server", new[] { "--help" }, new[] { "--urls", "--reply-delay", "--identity-check", "--tls", "--fault", "teacher-silent" }),
            ("Recorder", new[] { "import", "--help" }, new[] { "--output", "--name", "--force" }),
            ("FaultProof", new[] { "--help" }, new[] { "--parallel" }),
            ("Benchmarks", new[] { "--help" }, new[] { "--sessions", "--parts", "--no-pin" }),
            ("Load", new[] { "--help" }, new[] { "--users", "--threshold", "--locust-master" }),
        }.Select(p => new TestCaseData(p.Item1, p.Item2, p.Item3).SetArgDisplayNames(p.Item1));

    [TestCaseSource(nameof(Programs))]
    public async Task Help_is_in_the_shape_of_every_program(string project, string[] help, string[] options)
    {
        var (code, output, error) = await RunAsync(project, help);

        code.Should().Be(0, error);
        output.Should().Contain("Description:").And.Contain("Usage:").And.Contain("Options:").And.Contain("-?, -h, --help");
        output.Should().ContainAll(options);
        output.Should().NotContain("\u001b", "no control codes when the output is not a terminal");
    }

    [TestCaseSource(nameof(Programs))]
    public async Task A_wrong_option_is_one_line_and_exit_code_2(string project, string[] help, string[] options)
    {
        _ = options;
        var (code, _, error) = await RunAsync(project, [.. help.Take(help.Length - 1), "--no-such-option"]);

        code.Should().Be(2);
        error.Should().StartWith("error: ").And.Contain("--no-such-option").And.Contain("Usage: ").And.Contain("(see --help)");
        error.TrimEnd().Should().NotContain("\n");
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string project, string[] args)
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
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output, await error);
    }
}
