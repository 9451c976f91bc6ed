using ImServerTests.Api.Expectations;
using System.Text.Json.Nodes;
using ImServerTests.TestKit.Scenarios;
using ImServerTests.Yaml;
using Json.Schema;

namespace ImServerTests.Specs.TestKit;

/// <summary>The scenario language: what it reads, what it refuses (with file, line, column and what is allowed), and its JSON Schema.</summary>
[AllureEpic("Test kit")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Scenario language")]
public sealed class ScenarioReaderSpecs
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
              within: 500ms
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
        expect.Within.Should().Be(TimeSpan.FromMilliseconds(500));
        ((ExpectStep)ScenarioReader.Parse(Valid.Replace("500ms", "1.5s", StringComparison.Ordinal), "valid.yml").Steps[1]).Within.Should().Be(TimeSpan.FromSeconds(1.5));
        expect.Fields.Should().ContainEquivalentOf(new FieldRule("msg", Matchers.Pattern, "^[0-9a-f]{32}__mtx$", "teacherId"));
        ((SendStep)scenario.Steps[0]).Frame!["msgId"]!.GetValue<string>().Should().Be("111", "a quoted value stays a text");
    }

    [TestCase("name: x\nparticipants: [", "bad.yml:3:1", "not valid YAML")]
    [TestCase("name: x\nparticipants: { customer: {} }\nsteps:\n  - sned: { by: customer }", "bad.yml:4:5", "unknown key 'sned'", "allowed: send, expect, expectNothing")]
    [TestCase("name: x\nparticipants: { customer: {} }\nsteps:\n  - expect: { by: customer, frame: { msgId: { match: guid } } }", "bad.yml:4:54", "unknown matcher 'guid'", "allowed: uuid, epochMillis, any, absent, teacherId (or equals: ..., regex: ...)")]
    [TestCase("name: x\nparticipants: { customer: {} }\nsteps:\n  - send: { by: customer, frame: { to: \"${teacher}\" } }", "bad.yml:4:40", "${teacher} is not defined here", "${customer}")]
    [TestCase("name: x\nparticipants: { customer: {} }\nsteps:\n  - send: { by: teacher, text: x }", "bad.yml:4:17", "'teacher' is not a participant", "participants: customer")]
    [TestCase("name: x\nparticipants: { customer: {} }\nsteps:\n  - expect: { by: customer, timeout: soon, frame: {} }", "bad.yml:4:38", "timeout is a number of seconds")]
    [TestCase("name: x\nparticipants: { customer: {} }\nsteps:\n  - send: { by: customer, frame: {}, text: x }", "bad.yml:4:11", "send takes one of frame")]
    [TestCase("- a list", "bad.yml:1:1", "a scenario is a mapping with the keys name, description, participants, steps")]
    [TestCase("participants: { c: {} }\nsteps: []", "bad.yml:1:1", "key 'name' is missing")]
    [TestCase("name: [x]\nparticipants: { c: {} }\nsteps: []", "bad.yml:1:7", "name must be a text value, not a list")]
    [TestCase("name: 5\nparticipants: { c: {} }\nsteps: []", "bad.yml:1:7", "name must be a text value, not the number 5 (quote it)")]
    [TestCase("name: x\nparticipants: {}\nsteps: []", "bad.yml:2:15", "participants is empty")]
    [TestCase("name: x\nparticipants: [c]\nsteps: []", "bad.yml:2:15", "participants must be a mapping of keys to values, not a list")]
    [TestCase("name: x\nparticipants: { 1c: {} }\nsteps: []", "bad.yml:2:17", "participant '1c' needs a name of letters, digits and underscores")]
    [TestCase("name: x\nparticipants: { c: { idd: a } }\nsteps: []", "bad.yml:2:22", "unknown key 'idd' in participant 'c'; allowed: id")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps: { send: x }", "bad.yml:3:8", "steps must be a list: - send: ..., - expect: ..., - expectNothing: ...")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - x", "bad.yml:4:5", "a step must be a mapping of keys to values, not the text 'x'")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - {}", "bad.yml:4:5", "a step has exactly one of send, expect, expectNothing")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - { send: { by: c, text: x }, expectNothing: { by: c } }", "bad.yml:4:5", "a step has exactly one of send")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - send: x", "bad.yml:4:11", "send must be a mapping of keys to values, not the text 'x'")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - send: { by: c, text: 5 }", "bad.yml:4:26", "text must be a text value (quote it), not the number 5")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - send: { by: c, frame: [1] }", "bad.yml:4:27", "frame must be a mapping of fields to values (a JSON object)")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - send: { text: x }", "bad.yml:4:11", "key 'by' is missing")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - send: { by: c, frame: { a: [\"${nope}\"] } }", "bad.yml:4:33", "${nope} is not defined here")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - expect: { by: c }", "bad.yml:4:13", "key 'frame' is missing")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - expect: { by: c, frame: [] }", "bad.yml:4:29", "frame must be a mapping of keys to values, not a list")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - expect: { by: c, frame: { code: 0 } }", "bad.yml:4:37", "field 'code' is the number 0: give a text (the protocol's fields are texts, so quote numbers: \"0\") or a mapping of equals, regex, match, capture")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - expect: { by: c, frame: { code: } }", "bad.yml:4:37", "field 'code' is empty")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - expect: { by: c, frame: { code: { is: x } } }", "bad.yml:4:39", "unknown key 'is' in field 'code'; allowed: equals, regex, match, capture")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - expect: { by: c, frame: { code: { regex: a, equals: b } } }", "bad.yml:4:37", "field 'code' takes one of equals, regex, match (and capture), not regex and equals")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - expect: { by: c, frame: { code: { regex: \"(\" } } }", "bad.yml:4:46", "regex '(' is not a valid regular expression")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - expect: { by: c, frame: { code: { capture: 1x } } }", "bad.yml:4:48", "capture '1x' is not a variable name")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - expect: { by: c, frame: { code: { equals: \"${nope}\" } } }", "bad.yml:4:47", "${nope} is not defined here")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - expect: { by: c, frame: { code: \"${nope}\" } }", "bad.yml:4:37", "${nope} is not defined here")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - expect: { by: c, timeout: 601, frame: {} }", "bad.yml:4:31", "timeout is a number of seconds above 0 and at most 600 (without quotes), not the number 601")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - expectNothing: { by: c, timeout: 0 }", "bad.yml:4:38", "not the number 0")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - expectNothing: { by: c, frame: {} }", "bad.yml:4:29", "unknown key 'frame' in expectNothing; allowed: by, timeout")]
    [TestCase("name: x\nparticipants: { c: {}, t: { id: \"${later}\" } }\nsteps:\n  - send: { by: t, text: x }", "bad.yml:4:17", "${later} is not defined here")]
    [TestCase("name: x\nparticipants: { c: x }\nsteps: []", "bad.yml:2:20", "participant 'c' must be a mapping of keys to values, not the text 'x'")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - send: { by: c, text: \"${nope}\" }", "bad.yml:4:26", "${nope} is not defined here")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - send: { by: [c], text: x }", "bad.yml:4:17", "by must be a text value, not a list")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - send: { by: c, txt: x }", "bad.yml:4:20", "unknown key 'txt' in send; allowed: by, frame, text")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - expect: { by: c, frame: {}, within: 1 }", "bad.yml:4:41", "within is a duration such as 500ms or 1.5s", "not the number 1")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - expect: { by: c, frame: {}, within: 0ms }", "bad.yml:4:41", "within is a duration above 0 and at most 600s, not 0ms")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - expect: { by: c, frame: {}, timeout: 1, within: 2s }", "bad.yml:4:53", "within (2000 ms) is longer than the step's timeout (1 s)")]
    [TestCase("name: x\nparticipants: { c: {} }\nsteps:\n  - expect: { by: c, frame: {}, wihtin: 1s }", "bad.yml:4:33", "unknown key 'wihtin' in expect; allowed: by, frame, timeout, within")]
    public void A_bad_scenario_names_the_file_line_column_and_what_is_allowed(string yaml, string place, string problem, string allowed = "")
    {
        var read = () => ScenarioReader.Parse(yaml, "bad.yml");

        read.Should().Throw<ScenarioException>().Which.Message.Should().StartWith(place).And.ContainAll(problem, allowed);
    }

    [Test]
    public void A_file_that_is_not_there_is_named()
    {
        var read = () => ScenarioReader.Read("no/such/scenario.yml");

        read.Should().Throw<ScenarioException>().WithMessage("no/such/scenario.yml: file not found");
    }

    [Test]
    public void Every_form_of_a_field_reads_into_its_matcher()
    {
        var scenario = ScenarioReader.Parse("""
            name: forms
            description: every form
            participants: { c: {} }
            steps:
              - expect:
                  by: c
                  frame:
                    a: text
                    b: { equals: "${c}" }
                    d: { regex: "^x$" }
                    e: { match: epochMillis }
                    f: { match: absent }
                    g: { capture: kept }
                    h: { match: any, capture: also }
            """, "forms.yml");

        scenario.Description.Should().Be("every form");
        ((ExpectStep)scenario.Steps[0]).Fields.Should().Equal(
            new FieldRule("a", Matchers.Exactly, "text"), new FieldRule("b", Matchers.Exactly, "${c}"), new FieldRule("d", Matchers.Pattern, "^x$"),
            new FieldRule("e", Matchers.EpochMillis), new FieldRule("f", Matchers.Absent), new FieldRule("g", Matchers.AnyText, Capture: "kept"),
            new FieldRule("h", Matchers.AnyText, Capture: "also"));
        ((ExpectStep)scenario.Steps[0]).Exact("a").Should().Be("text");
        ((ExpectStep)scenario.Steps[0]).Exact("d").Should().BeNull("a regex is no exact text");
        scenario.Steps[0].ToString().Should().Be("c receives a frame");
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
    public void The_editor_schema_file_is_the_one_the_matcher_table_makes()
    {
        var path = Path.Combine(Folder, ScenarioSchema.FileName);
        if (Environment.GetEnvironmentVariable(EnvironmentVariables.UpdateGolden) is { Length: > 0 } folder)
        {
            File.WriteAllText(Path.Combine(Path.GetFullPath(folder, RepositoryRoot.Find()), ScenarioSchema.FileName), ScenarioSchema.Text());
        }

        File.ReadAllText(path).ReplaceLineEndings("\n").Should().Be(ScenarioSchema.Text(),
            "TestCases/Scenarios/{0} is made from the matcher table; write it anew with IMSERVER_UPDATE_GOLDEN=TestCases/Scenarios (docs/scenarios.md)",
            ScenarioSchema.FileName);
    }

    [Test]
    public void The_editor_schema_holds_every_matcher_the_step_kinds_and_the_keys_the_reader_knows()
    {
        var schema = ScenarioSchema.Document();

        JsonNode.DeepEquals(schema["definitions"]!["rule"], Matchers.RuleSchema()).Should().BeTrue();
        schema["definitions"]!["rule"]!["oneOf"]![1]!["properties"]!["match"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>())
            .Should().Equal(FieldMatcher.NamedMatchers.Select(m => m.Name), "every matcher the Api names is in the language");
        schema["properties"]!["steps"]!["items"]!["properties"]!.AsObject().Select(p => p.Key).Should().Equal(ScenarioReader.StepKinds);
        schema["properties"]!.AsObject().Select(p => p.Key).Should().Equal(ScenarioReader.ScenarioKeys);
    }

    // The schema checks the shape of the YAML, read as JSON by the project's one YAML reading.
    private static System.Text.Json.JsonElement AsJson(string yaml) =>
        System.Text.Json.JsonSerializer.SerializeToElement(YamlJson.Parse(yaml, "scenario.yml").Root);
}
