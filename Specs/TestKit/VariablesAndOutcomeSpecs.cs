using ImServerTests.TestKit.Assertions;
using ImServerTests.TestKit.Scenarios;
using ImServerTests.TestKit.Scenarios.Running;

namespace ImServerTests.Specs.TestKit;

/// <summary>${variables} put into a scenario's texts, and a run's outcome read step by step.</summary>
[AllureEpic("Test kit")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Scenario variables and outcomes")]
public sealed class VariablesAndOutcomeSpecs
{
    private static readonly Position At = new("s.yml", 3, 7);

    [Test]
    public void Variables_are_named_in_order_and_put_in()
    {
        Variables.NamesIn("${a} to ${b_2} and ${a}").Should().Equal("a", "b_2", "a");
        Variables.Substitute("${a} to ${b}", new Dictionary<string, string> { ["a"] = "x", ["b"] = "y" }, At).Should().Be("x to y");
        Variables.Substitute("no variables", new Dictionary<string, string>(), At).Should().Be("no variables");
    }

    [Test]
    public void A_variable_without_a_value_is_named_with_the_place_and_the_known_ones()
    {
        var put = () => Variables.Substitute("${missing}", new Dictionary<string, string> { ["known"] = "x", ["other"] = "y" }, At);

        put.Should().Throw<ScenarioException>().WithMessage("s.yml:3:7: ${missing} has no value; known here: ${known}, ${other}");
    }

    [TestCase("customer", true)]
    [TestCase("c_2", true)]
    [TestCase("2c", false)]
    [TestCase("a-b", false)]
    [TestCase("", false)]
    public void A_variable_name_is_letters_digits_and_underscores_starting_with_a_letter(string name, bool valid) =>
        Variables.IsName(name).Should().Be(valid);

    [Test]
    public void An_outcome_passes_when_every_step_passed_and_lists_the_failures()
    {
        var passed = new StepOutcome("c connects", "connect", StepKind.Connect, At, TimeSpan.FromMilliseconds(3), []);
        var failed = new StepOutcome("c receives receipt", "receipt", StepKind.Expect, At, TimeSpan.FromMilliseconds(5), ["msg is \"x\"", "code is \"1\""]);
        var scenario = new Scenario("s", null, [new Participant("c", null)], [], "s.yml");

        new ScenarioOutcome(scenario, [passed]).Passed.Should().BeTrue();
        new ScenarioOutcome(scenario, [passed, failed]).Passed.Should().BeFalse();
        new ScenarioOutcome(scenario, [passed, failed]).Failures.Should().Equal(failed);
        passed.Passed.Should().BeTrue();
        failed.Passed.Should().BeFalse();
        passed.ToString().Should().Be("c connects (s.yml:3:7): passed");
        failed.ToString().Should().Be("c receives receipt (s.yml:3:7): msg is \"x\"; code is \"1\"");
        At.ToString().Should().Be("s.yml:3:7");
    }

    [Test]
    public void Steps_read_as_what_they_do()
    {
        var send = new SendStep(At, "c", new System.Text.Json.Nodes.JsonObject { ["type"] = "match" }, null);

        send.ToString().Should().Be("c sends match");
        new SendStep(At, "c", new System.Text.Json.Nodes.JsonObject(), null).ToString().Should().Be("c sends a frame");
        new SendStep(At, "c", null, "x").ToString().Should().Be("c sends raw text");
        new ExpectStep(At, "c", [new FieldRule("type", Matchers.Exactly, "receipt")], null).ToString().Should().Be("c receives receipt");
        new ExpectNothingStep(At, "c", null).ToString().Should().Be("c receives nothing");
    }
}
