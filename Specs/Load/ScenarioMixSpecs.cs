using ImServerTests.Load;
using ImServerTests.Load.Users;
using ImServerTests.TestKit.Scenarios;

namespace ImServerTests.Specs.Load;

/// <summary>Which scenarios a run plays, their weights, their Locust user classes, and the durations and files of the command line.</summary>
[AllureEpic("Load")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Scenario mix")]
public sealed class ScenarioMixSpecs
{
    private static readonly string Root = RepositoryRoot.Find();

    [TestCase("seed-conversation", "SeedConversation")]
    [TestCase("recorded-practice-page", "RecordedPracticePage")]
    [TestCase("error_not json", "ErrorNotJson")]
    [TestCase("2nd-run", "Scenario2ndRun")]
    public void A_scenario_file_is_the_user_class_of_its_name(string stem, string userClass) =>
        ScenarioUser.ClassNameOf(stem).Should().Be(userClass);

    [Test]
    public void A_folder_gives_each_of_its_scenarios_and_a_weight_shares_the_users()
    {
        var mix = ScenarioMix.Load(["TestCases/Scenarios/seed-conversation.yml:3", "TestCases/Scenarios/seed-match-style.yml"], Root);

        mix.Users.Select(s => (s.Name, s.Weight)).Should().Equal(("seed-conversation", 3), ("seed-match-style", 1));
        mix.Share(8).Should().Equal(new Dictionary<string, int> { ["SeedConversation"] = 6, ["SeedMatchStyle"] = 2 });
        mix.Share(5).Should().Equal(new Dictionary<string, int> { ["SeedConversation"] = 4, ["SeedMatchStyle"] = 1 });
        mix.Share(1).Values.Sum().Should().Be(1);
        ScenarioMix.Load(["TestCases/Scenarios"], Root).Users.Should().HaveCountGreaterThan(1);
    }

    [TestCase("no/such.yml", "no/such.yml: no such scenario file or folder")]
    [TestCase("TestCases/Scenarios/seed-conversation.yml:0", "a weight is a whole number above 0")]
    [TestCase("Client", "Client: the folder holds no .yml scenario")]
    public void A_path_or_weight_that_cannot_be_used_is_named(string spec, string message)
    {
        var load = () => ScenarioMix.Load([spec], Root);

        load.Should().Throw<ScenarioException>().Which.Message.Should().Contain(message);
    }

    [TestCase("20s", 20)]
    [TestCase("5m", 300)]
    [TestCase("1h30m", 5400)]
    [TestCase("90", 90)]
    public void A_duration_reads_as_Locust_writes_it(string text, int seconds) =>
        RunTime.Parse(text).Should().Be(TimeSpan.FromSeconds(seconds));

    [TestCase("5x")]
    [TestCase("")]
    [TestCase("0s")]
    public void A_duration_that_does_not_read_is_refused(string text)
    {
        var parse = () => RunTime.Parse(text);

        parse.Should().Throw<FormatException>();
    }

    [Test]
    public void An_output_file_replaces_only_a_file_this_command_wrote()
    {
        var folder = Directory.CreateTempSubdirectory("load-output-");
        try
        {
            var mine = Path.Combine(folder.FullName, "results.json");
            File.WriteAllText(mine, "{ \"my\": \"data\" }");
            var ours = Path.Combine(folder.FullName, "load.json");
            File.WriteAllText(ours, ImServerTests.Load.Reports.RunSummary.JsonStart + ", ... }");

            OutputFile.Refusal("--json", mine, ImServerTests.Load.Reports.RunSummary.JsonStart).Should().Be(
                $"--json {mine}: the file exists and was not written by this command, so it is left as it is; name another file");
            OutputFile.Refusal("--json", ours, ImServerTests.Load.Reports.RunSummary.JsonStart).Should().BeNull();
            OutputFile.Refusal("--json", folder.FullName, ImServerTests.Load.Reports.RunSummary.JsonStart).Should().Contain("that is a folder");
            File.ReadAllText(mine).Should().Be("{ \"my\": \"data\" }");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [TestCase("127.0.0.1:5599", "127.0.0.1", 5599)]
    [TestCase("master", "master", 5557)]
    public void A_master_address_is_host_and_port(string text, string host, int port) =>
        ImServerTests.Load.Locust.MasterAddress.Parse(text).Should().Be(new ImServerTests.Load.Locust.MasterAddress(host, port));
}
