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
    public static IEnumerable<TestCaseData> Programs() =>
        new[]
        {
            ("Server", new[] { "--help" }, new[] { "--urls", "--reply-delay", "--identity-check", "--tls", "--fault", "teacher-silent" }),
            ("Recorder", new[] { "import", "--help" }, new[] { "--output", "--name", "--force" }),
            ("FaultProof", new[] { "--help" }, new[] { "--parallel" }),
            ("Benchmarks", new[] { "--help" }, new[] { "--sessions", "--parts", "--no-pin" }),
            ("Benchmarks", new[] { "bare-client", "--help" }, new[] { "--url", "--handshake", "--json" }),
            ("Load", new[] { "--help" }, new[] { "--users", "--threshold", "--locust-master" }),
            ("Fuzz", new[] { "--help" }, new[] { "--url", "--seed", "--duration", "--shrink", "--scenario", "--force" }),
        }.Select(p => new TestCaseData(p.Item1, string.Join(' ', p.Item2), p.Item3).SetArgDisplayNames(string.Join(' ', [p.Item1, .. p.Item2.SkipLast(1)])));

    // The help arguments travel as one text: an array's parameter shows as "System.String[]" in the Allure result,
    // and two cases of one program would then share a history id and count as one test in the report.

    [TestCaseSource(nameof(Programs))]
    public async Task Help_is_in_the_shape_of_every_program(string project, string helpArguments, string[] options)
    {
        var help = helpArguments.Split(' ');
        var (code, output, error) = await ProgramRun.RunAsync(project, help);

        code.Should().Be(0, error);
        output.Should().Contain("Description:").And.Contain("Usage:").And.Contain("Options:").And.Contain("-?, -h, --help");
        output.Should().ContainAll(options);
        output.Should().NotContain("\u001b", "no control codes when the output is not a terminal");
    }

    [TestCaseSource(nameof(Programs))]
    public async Task A_wrong_option_is_one_line_and_exit_code_2(string project, string helpArguments, string[] options)
    {
        var help = helpArguments.Split(' ');
        _ = options;
        var (code, _, error) = await ProgramRun.RunAsync(project, [.. help.Take(help.Length - 1), "--no-such-option"]);

        code.Should().Be(2);
        error.Should().StartWith("error: ").And.Contain("--no-such-option").And.Contain("Usage: ").And.Contain("(see --help)");
        error.TrimEnd().Should().NotContain("\n");
    }
}
