using ImServerTests.TestKit.Assertions;
using ImServerTests.TestKit.Scenarios;
using ImServerTests.TestKit.Scenarios.Running;

namespace ImServerTests.Specs.TestKit;

/// <summary>A scenario's run as one assertion: a pass, and a failure that lists each failed step with its place and problems.</summary>
[AllureEpic("Test kit")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Scenario assertions")]
public sealed class ScenarioOutcomeAssertionsSpecs
{
    private static readonly Scenario Scenario = new("A greeting", null, [new Participant("customer", null)], [], "greeting.yml");

    [Test]
    public void A_run_whose_steps_all_passed_passes()
    {
        new ScenarioOutcome(Scenario, [Step("customer connects", [])]).Should().Pass();
        new ScenarioOutcome(Scenario, []).Should().Pass();
    }

    [Test]
    public void A_run_with_failed_steps_lists_each_with_its_place_and_problems()
    {
        var outcome = new ScenarioOutcome(Scenario,
        [
            Step("customer connects", []),
            Step("customer receives receipt", ["msg is \"push ok\", expected \"push success\"", "code is \"1\", expected \"0\""]),
            Step("customer receives normal", ["Timed out after 5 s\nwaiting for the teacher"]),
        ]);

        var act = () => outcome.Should().Pass("the server {0}", "works");

        act.Should().Throw<AssertionException>().Which.Message.Should().Be(
            "Expected scenario \"A greeting\" to play as written because the server works, but:\n"
            + "  - customer receives receipt (greeting.yml:3:7):\n"
            + "      msg is \"push ok\", expected \"push success\"\n"
            + "      code is \"1\", expected \"0\"\n"
            + "  - customer receives normal (greeting.yml:3:7):\n"
            + "      Timed out after 5 s\n"
            + "      waiting for the teacher");
    }

    private static StepOutcome Step(string title, IReadOnlyList<string> problems) =>
        new(title, "step", StepKind.Expect, new Position("greeting.yml", 3, 7), TimeSpan.FromMilliseconds(5), problems);
}
