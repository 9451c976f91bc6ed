using ImServerTests.Server;
using ImServerTests.TestKit.Fuzzing;
using ImServerTests.TestKit.Fuzzing.Running;
using ImServerTests.TestKit.Scenarios;
using ImServerTests.TestKit.Servers;

namespace ImServerTests.Specs.Fuzzing;

/// <summary>
/// A fuzz run against the embedded server: the correct one keeps every property; a defect only odd input shows is found,
/// shrunk to one step, replayed by its seed, and written as a scenario that reads back.
/// </summary>
[AllureEpic("Protocol fuzzing")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Search, shrinking and replay")]
public sealed class FuzzSessionSpecs
{
    [Test]
    public async Task The_correct_server_keeps_every_property()
    {
        await using var server = await OpenAsync(fault: null);
        await using var target = await FuzzTarget.OpenAsync(server, CancellationToken.None);

        var report = await new FuzzSession(target, new FuzzOptions(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3))).RunAsync(CancellationToken.None);

        report.Passed.Should().BeTrue(report.Failure?.Message);
        report.Cases.Should().BePositive();
        report.Headline.Should().MatchRegex("^[0-9,]+ generated cases in [0-9]+ s, every property kept$");
        FuzzProperties.All.Should().AllSatisfy(p => report.Tally[p].Should().BePositive($"{p} is checked in every case"));
    }

    [Test]
    public async Task A_field_the_protocol_does_not_name_that_ends_the_connection_is_found_shrunk_replayed_and_written_as_a_scenario()
    {
        await using var server = await OpenAsync("unknown-field-ends-connection");
        await using var target = await FuzzTarget.OpenAsync(server, CancellationToken.None);
        var session = new FuzzSession(target, new FuzzOptions(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)));

        var report = await session.RunAsync(CancellationToken.None);
        var again = await session.ReplayAsync(report.Seed!, CancellationToken.None);
        var yaml = RegressionCase.Yaml(report);

        report.Failure!.Property.Should().Be(FuzzProperty.ConnectionOpen, report.Failure.Message);
        report.Headline.Should().MatchRegex(@"^The server closes no connection: broken by a case of [0-9]+ step\(s\) \(seed [A-Za-z0-9_-]+\): [A-Za-z]+ sends .*the contract does not name$");
        report.Failure.Case!.Steps.Count.Should().BeLessThanOrEqualTo(report.FirstFailure!.Case!.Steps.Count, "shrinking keeps the smallest failing case");
        report.Failure.Message.Should().Contain("with close status 1011 (InternalServerError: internal server error)");
        again!.Property.Should().Be(FuzzProperty.ConnectionOpen, "replaying the seed plays the same case");
        var scenario = ScenarioReader.Parse(yaml, "fuzz.yml");
        scenario.Steps.OfType<SendStep>().Should().Contain(s => s.Text != null && s.Text.Contains("${customer}", StringComparison.Ordinal) || s.Frame != null);
        yaml.Should().StartWith("# yaml-language-server: $schema=scenario.schema.json\n# Found by protocol fuzzing: The server closes no connection.\n# Seed ".ReplaceLineEndings());
        RegressionCase.FileName(report).Should().MatchRegex("^fuzz-[a-z0-9-]+[.]yml$");
    }

    [Test]
    public async Task An_input_that_stops_the_server_is_found_and_the_next_case_gets_a_new_one()
    {
        await using var server = await OpenAsync("long-msgid-stops-server");
        await using var target = await FuzzTarget.OpenAsync(server, CancellationToken.None);

        var report = await new FuzzSession(target, new FuzzOptions(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(5))).RunAsync(CancellationToken.None);

        report.Failure!.Property.Should().Be(FuzzProperty.ServerUp, report.Failure.Message);
        report.Failure.Message.Should().StartWith("the server is gone: ").And.EndWith("a new user can no longer connect and match");
        report.Note.Should().BeNull("a fresh embedded server is started after each case that stopped one, so shrinking goes on");
    }

    private static Task<ServerUnderTest> OpenAsync(string? fault) =>
        ServerUnderTest.OpenAsync(name => name switch
        {
            EnvironmentVariables.Environment => "embedded",
            EnvironmentVariables.EmbeddedFault => fault,
            _ => null,
        }, SuiteFiles.OfThisRun(), EmbeddedServer.StartAsync, CancellationToken.None);
}
