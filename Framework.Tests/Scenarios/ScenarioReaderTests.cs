using System.Text.Json.Nodes;
using ImServerTests.Scenarios;
using ImServerTests.Yaml;
using Json.Schema;

namespace ImServerTests.Framework.Tests.Scenarios;

/// <summary>The scenario language: what it reads, what it refuses (with file, line, column and what is allowed), and its JSON Schema.</summary>
[TestFixture]
[Category(Categories.Framework)]
[AllureFeature("Scenario language")]
public sealed class ScenarioReaderTests
{
    private static readonly string Folder = Path.Combine(RepositoryRoot.Find(), "TestCases", "Scenarios");

    private const string Valid = """
        name: a conversation
        participants:
          customer: {}
          teacher: { id: "${teacherId}" }
        steps:
          - send: { by: customer, frame: { type: "match", from: "${customer}", to: "system", msgId: "111" } }
          - expect:
              by: customer
              timeout: 2.5
              frame: { code: "0", msg: { regex: "^[0-9a-f]{32}__mtx$", capture: teacherId }, msgId: { match: uuid } }
          - send: { by: teacher, text: "  " }
          - expectNothing: { by: customer, timeout: 1 }
        """;

    [Test]
    public void A_scenario_reads_into_participants_and_steps()
    {
        var scenario = ScenarioReader.Parse(Valid, "valid.yml");

        scenario.Participants.Select(p => (p.Name, p.Id)).Should().Equal(("customer", null), ("teacher", "${teacherId}"));
        scenario.Steps.Select(s => s.GetType().Name).Should().Equal("SendStep", "ExpectStep", "SendStep", "ExpectNothingStep");
        var expect = (ExpectStep)scenario.Steps[1];
        expect.Timeout.Should().Be(TimeSpan.FromSeconds(2.5));
        expect.Fields.Should().ContainEquivalentOf(new FieldRule("msg", Matchers.Pattern, "^[0-9a-f]{32}__mtx$", "teacherId"));
        ((SendStep)scenario.Steps[0]).Frame!["msgId"]!.GetValue<string>().Should().Be("111", "a quoted value stays a text");
    }

    [TestCase("name: x\nparticipants: [", "bad.yml:", "not valid YAML")]
    [TestCase("name: x\nparticipants: { customer: {} }\nsteps:\n  - sned: { by: customer }", "bad.yml:4:5", "unknown key 'sned'", "allowed: send, expect, expectNothing")]
    [TestCase("name: x\nparticipants: { customer: {} }\nsteps:\n  - expect: { by: customer, frame: { msgId: { match: guid } } }", "bad.yml:4:", "unknown matcher 'guid'", "allowed: uuid, epochMillis, any, absent")]
    [TestCase("name: x\nparticipants: { customer: {} }\nsteps:\n  - send: { by: customer, frame: { to: \"${teacher}\" } }", "bad.yml:4:", "${teacher} is not defined here", "${customer}")]
    [TestCase("name: x\nparticipants: { customer: {} }\nsteps:\n  - send: { by: teacher, text: x }", "bad.yml:4:", "'teacher' is not a participant", "participants: customer")]
    [TestCase("name: x\nparticipants: { customer: {} }\nsteps:\n  - expect: { by: customer, timeout: soon, frame: {} }", "bad.yml:4:", "timeout is a number of seconds")]
    [TestCase("name: x\nparticipants: { customer: {} }\nsteps:\n  - send: { by: customer, frame: {}, text: x }", "bad.yml:4:", "send takes one of frame")]
    public void A_bad_scenario_names_the_file_line_column_and_what_is_allowed(string yaml, string place, string problem, string allowed = "")
    {
        var read = () => ScenarioReader.Parse(yaml, "bad.yml");

        read.Should().Throw<ScenarioException>().Which.Message.Should().ContainAll(place, problem, allowed);
    }

    [Test]
    public void What_the_writer_writes_reads_back_the_same()
    {
        var scenario = ScenarioReader.Parse(Valid, "valid.yml");

        var again = ScenarioReader.Parse(ScenarioWriter.Write(scenario), "written.yml");

        again.Should().BeEquivalentTo(scenario, o => o.Excluding(s => s.Source).Excluding(s => s.Path.EndsWith("At", StringComparison.Ordinal))
            .Using<JsonObject>(c => c.Subject.ToJsonString().Should().Be(c.Expectation.ToJsonString())).WhenTypeIs<JsonObject>());
    }

    [Test]
    public void Every_shipped_scenario_reads_and_follows_the_json_schema_editors_use()
    {
        var schema = JsonSchema.FromFile(Path.Combine(Folder, "scenario.schema.json"));
        var files = Directory.GetFiles(Folder, "*.yml");

        files.Should().NotBeEmpty();
        foreach (var file in files)
        {
            ScenarioReader.Read(file);
            File.ReadLines(file).First().Should().Be("# yaml-language-server: $schema=scenario.schema.json", "{0} names its schema for editors", file);
            schema.Evaluate(AsJson(File.ReadAllText(file))).IsValid.Should().BeTrue("{0} follows scenario.schema.json", Path.GetFileName(file));
        }

        schema.Evaluate(AsJson("name: x\nparticipants: { c: {} }\nsteps:\n  - sned: { by: c }")).IsValid.Should().BeFalse("the schema knows the same keys as the reader");
    }

    [Test]
    public void The_editor_schema_holds_the_matcher_table_the_step_kinds_and_the_keys_the_reader_knows()
    {
        var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "scenario.schema.json")))!;

        JsonNode.DeepEquals(schema["definitions"]!["rule"], Matchers.RuleSchema()).Should().BeTrue(
            "definitions/rule of scenario.schema.json is written from Matchers.All; it should be {0}", Matchers.RuleSchema().ToJsonString());
        schema["properties"]!["steps"]!["items"]!["properties"]!.AsObject().Select(p => p.Key).Should().Equal(ScenarioReader.StepKinds);
        schema["properties"]!.AsObject().Select(p => p.Key).Should().Equal(ScenarioReader.ScenarioKeys);
    }

    // The schema checks the shape of the YAML, read as JSON by the project's one YAML reading.
    private static System.Text.Json.JsonElement AsJson(string yaml) =>
        System.Text.Json.JsonSerializer.SerializeToElement(YamlJson.Parse(yaml, "scenario.yml").Root);
}
