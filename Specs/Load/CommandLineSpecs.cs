using ImServerTests.Load;
using ImServerTests.Cli;

namespace ImServerTests.Specs.Load;

/// <summary>The load command as a user types it: help, wrong options (exit 2), a short run on this machine (exit 0 or 1) and its files.</summary>
[AllureEpic("Load")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("The load command")]
[NonParallelizable]
public sealed class CommandLineSpecs
{
    [Test]
    public async Task Help_lists_every_option_with_its_default()
    {
        using var output = new StringWriter();

        (await CommandLineProgram.RunAsync(LoadCommand.Create(), ["--help"], output, TextWriter.Null)).Should().Be(0);

        output.ToString().Should().ContainAll("Usage:", "--users", "[default: 10]", "--spawn-rate", "--run-time", "[default: 60s]", "--threshold", "--csv", "--json", "--locust-master", "--think-time", "[default: 0]", "--stay-connected",
            "'delivery' (or delivery:3)", "lost < 0.01%");
    }

    [TestCase("--bogus", "unknown option '--bogus'")]
    [TestCase("--users 0", "--users must be at least 1")]
    [TestCase("--users many", "many")]
    [TestCase("-t 5x", "--run-time '5x' is not a duration")]
    [TestCase("--think-time 3x", "--think-time '3x' does not read: write a duration (2s, 500ms")]
    [TestCase("--think-time 3s-1s", "--think-time '3s-1s' has its larger end first: write 1s-3s")]
    [TestCase("--threshold p97<1ms", "threshold 'p97<1ms' does not read")]
    [TestCase("--locust-master :1", "--locust-master ':1' is not HOST[:PORT]")]
    public async Task A_wrong_option_is_one_line_naming_it_and_the_usage_with_exit_code_2(string args, string message)
    {
        using var error = new StringWriter();

        var code = await CommandLineProgram.RunAsync(LoadCommand.Create(), args.Split(' '), TextWriter.Null, error);

        code.Should().Be(2);
        error.ToString().Should().Contain(message).And.Contain("Usage: ").And.Contain("(see --help)");
        error.ToString().TrimEnd().Should().NotContain("\n", "one line");
    }

    [Test]
    public async Task A_short_run_against_the_embedded_server_passes_and_writes_its_files()
    {
        var folder = Directory.CreateTempSubdirectory("load-run-");
        try
        {
            using var output = new StringWriter();
            var prefix = Path.Combine(folder.FullName, "run");
            var json = Path.Combine(folder.FullName, "run.json");

            var code = await CommandLineProgram.RunAsync(LoadCommand.Create(),
                ["TestCases/Scenarios/seed-match-style.yml", "-u", "2", "-t", "2s", "--csv", prefix, "--json", json, "--threshold", "p99(seed-match-style: match) < 5s"], output, output);

            code.Should().Be(0, output.ToString());
            output.ToString().Should().Contain("kept   p99(seed-match-style: match) < 5s").And.Contain("kept   no failure");
            File.ReadAllText(prefix + "_stats.csv").Should().Contain("WS,seed-match-style: match,");
            File.ReadAllText(json).Should().StartWith(ImServerTests.Load.Reports.RunSummary.JsonStart);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task The_delivery_user_alone_counts_its_messages_in_the_summary_the_json_and_the_thresholds()
    {
        var folder = Directory.CreateTempSubdirectory("load-delivery-");
        try
        {
            using var output = new StringWriter();
            var json = Path.Combine(folder.FullName, "run.json");

            var code = await CommandLineProgram.RunAsync(LoadCommand.Create(),
                ["delivery", "-u", "2", "-t", "2s", "--json", json, "--threshold", "lost < 0.01%", "--threshold", "p95(relay) < 1s"], output, output);

            code.Should().Be(0, output.ToString());
            output.ToString().Should().Contain("kept   lost < 0.01%: 0% (0 of ").And.Contain("kept   p95(relay) < 1s").And.Contain("| MSG | delivered |");
            var lines = output.ToString().Split('\n').Select(l => l.TrimEnd()).ToList();
            var messagesLine = lines.Single(l => l.StartsWith("messages: ", StringComparison.Ordinal));
            lines[lines.IndexOf(messagesLine) + 1].Should().EndWith("the run's summary", "the summary ends with the messages");
            messagesLine.Should().MatchRegex(@"^messages: (\d+) sent, \1 delivered once in order, 0 lost, 0 duplicated, 0 reordered, 0 late$");
            using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json));
            var messages = summary.RootElement.GetProperty("summary").GetProperty("messages");
            messages.GetProperty("sent").GetInt64().Should().BePositive();
            messages.GetProperty("lost").GetInt64().Should().Be(0);
            messages.GetProperty("deliveredOnceInOrder").GetInt64().Should().Be(messages.GetProperty("sent").GetInt64());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public async Task A_threshold_the_server_cannot_keep_fails_the_run_naming_itself()
    {
        using var output = new StringWriter();

        var code = await CommandLineProgram.RunAsync(LoadCommand.Create(),
            ["TestCases/Scenarios/seed-match-style.yml", "-u", "1", "-t", "1s", "--threshold", "max(seed-match-style: match) < 0.001ms"], output, output);

        code.Should().Be(1);
        output.ToString().Should().Contain("BROKEN max(seed-match-style: match) < 0.001ms: ");
    }
}
