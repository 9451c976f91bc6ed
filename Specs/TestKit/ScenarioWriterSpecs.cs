using System.Text.Json.Nodes;
using ImServerTests.TestKit.Scenarios;

namespace ImServerTests.Specs.TestKit;

/// <summary>What a written scenario looks like, line by line: what a person reads and edits after an import.</summary>
[AllureEpic("Test kit")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Scenario language")]
public sealed class ScenarioWriterSpecs
{
    private static readonly Position At = new("a.yml", 1, 1);

    [Test]
    public void Every_kind_of_step_and_matcher_is_written_in_its_form_with_its_comment()
    {
        var scenario = new Scenario("a chat", "Imported from a.har.",
            [new Participant("customer", null), new Participant("teacher", "${teacherId}")],
            [
                new SendStep(At, "customer", new JsonObject { ["type"] = "match", ["extra"] = null }, null),
                new SendStep(At, "teacher", null, "not json"),
                new ExpectStep(At, "customer",
                [
                    new FieldRule("code", Matchers.Exactly, "0"),
                    new FieldRule("msg", Matchers.Exactly, "你好", Capture: "greeting"),
                    new FieldRule("to", Matchers.Pattern, "^a$", Comment: "recorded: a\nsecond line"),
                    new FieldRule("msgId", Matchers.Uuid, Capture: "id"),
                    new FieldRule("timestamp", Matchers.EpochMillis),
                ], TimeSpan.FromSeconds(2.5)),
                new ExpectNothingStep(At, "customer", TimeSpan.FromSeconds(1)),
            ], "a.yml");

        var yaml = ScenarioWriter.Write(scenario, ["Recorded with Chrome.", "Edit freely."]);

        yaml.ReplaceLineEndings("\n").Should().Be("""
            # yaml-language-server: $schema=scenario.schema.json
            # Recorded with Chrome.
            # Edit freely.
            name: "a chat"
            description: "Imported from a.har."
            participants:
              customer: {}
              teacher: { id: "${teacherId}" }
            steps:
              - send:
                  by: customer
                  frame: { type: "match", extra: null }
              - send:
                  by: teacher
                  text: "not json"
              - expect:
                  by: customer
                  timeout: 2.5
                  frame:
                    code: "0"
                    msg: { equals: "你好", capture: greeting }
                    to: { regex: "^a$" }  # recorded: a second line
                    msgId: { match: uuid, capture: id }
                    timestamp: { match: epochMillis }
              - expectNothing:
                  by: customer
                  timeout: 1

            """);
    }

    [Test]
    public void A_text_with_characters_YAML_does_not_take_raw_is_written_with_escapes_and_reads_back()
    {
        var text = "a\u007f\u0085\u0090\ufeff\ufffe\uffff😀你\u0001";
        var scenario = new Scenario("odd", null, [new Participant("customer", null)], [new SendStep(At, "customer", null, text)], "a.yml");

        var yaml = ScenarioWriter.Write(scenario);

        yaml.Should().NotContainAny(["\u007f", "\u0090", "\ufeff", "\ufffe", "\uffff", "\u0001"], "YAML takes none of them raw");
        ScenarioReader.Parse(yaml, "a.yml").Steps.OfType<SendStep>().Single().Text.Should().Be(text);
    }
}
