using ImServerTests.Api;
using ImServerTests.TestKit.Assertions;
using ImServerTests.Conformance;
using ImServerTests.TestKit.Scenarios;
using ImServerTests.TestKit.Scenarios.Running;
using ImServerTests.Server;
using ImServerTests.Server.Conversation;
using ImServerTests.Server.Faults;

namespace ImServerTests.Specs.TestKit;

/// <summary>
/// The scenario runner against the embedded server, correct and with faults: what passes, what each kind of step
/// reports when the server is wrong, and that a failed group ends the run.
/// </summary>
[AllureEpic("Test kit")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Scenario runner")]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ScenarioRunnerSpecs
{
    private const string Seed = """
        name: seed
        participants:
          customer: {}
        steps:
          - send: { by: customer, frame: { type: "match", from: "${customer}", to: "system" } }
          - expect:
              by: customer
              frame:
                code: "0"
                type: match
                to: ${customer}
                msg: { regex: '^[0-9a-f]{32}__mtx$', capture: teacherId }
                msgId: { match: uuid }
          - send: { by: customer, frame: { type: "normal", from: "${customer}", to: "${teacherId}", msg: "你好" } }
          - expect: { by: customer, frame: { type: receipt, msg: push success, to: "${customer}" } }
          - expect: { by: customer, frame: { type: normal, from: "${teacherId}" } }
          - send: { by: customer, frame: { type: "normal", from: "${customer}", to: "${teacherId}", msg: "" } }
          - expect: { by: customer, frame: { code: "1", type: receipt, msg: 消息内容为空 } }
          - expectNothing: { by: customer, timeout: 0.3 }
        """;

    private static readonly Contract Contract = ContractFile.Load(_ => null);

    private readonly List<ImServerApi> _connections = [];
    private ImServer? _server;

    [TearDown]
    public async Task CloseAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Test]
    public async Task A_conversation_the_server_answers_as_written_passes_step_by_step()
    {
        var outcome = await PlayAsync(Seed, new ImServerOptions());

        outcome.Should().Pass();
        outcome.Steps.Select(s => (s.Kind, s.Name)).Should().Equal(
            (StepKind.Connect, "connect"), (StepKind.Send, "send"), (StepKind.Expect, "match"), (StepKind.Send, "send"),
            (StepKind.Expect, "receipt"), (StepKind.Expect, "normal"), (StepKind.Send, "send"), (StepKind.Expect, "receipt"),
            (StepKind.ExpectNothing, "nothing"));
        outcome.Steps.Should().OnlyContain(s => s.Elapsed > TimeSpan.Zero);
        outcome.Steps[2].Title.Should().Be("customer receives match");
        outcome.Steps[2].At.Should().Be(new Position("seed.yml", 7, 7));
    }

    [Test]
    public async Task A_wrong_field_fails_its_step_and_ends_the_run_after_its_group()
    {
        var outcome = await PlayAsync(Seed, new ImServerOptions { Fault = FaultCatalogue.ReceiptWrongText });

        outcome.Passed.Should().BeFalse();
        outcome.Failures.Should().ContainSingle().Which.Problems.Should().Equal(
            "msg is \"push ok\", expected \"push success\"",
            "contract: the frame matches no message of imserver.asyncapi.yaml; tried " + string.Join(", ", Contract.Received));
        outcome.Steps.Last().Name.Should().Be("normal", "the other expectation of the group is still checked; nothing after it runs");
    }

    [Test]
    public async Task A_frame_later_than_its_steps_within_fails_as_late_but_is_still_received()
    {
        var late = Seed.Replace("  - expect: { by: customer, frame: { type: normal, from: \"${teacherId}\" } }",
            "  - expect: { by: customer, within: 100ms, frame: { type: normal, from: \"${teacherId}\" } }", StringComparison.Ordinal);
        late.Should().NotBe(Seed);

        var outcome = await PlayAsync(late, new ImServerOptions { ReplyDelay = new ThinkTime(400, 400) });

        var failure = outcome.Failures.Should().ContainSingle().Subject;
        failure.Name.Should().Be("normal");
        failure.Problems.Should().ContainSingle().Which.Should().MatchRegex(@"^teacher's reply arrived after [0-9,]+ ms; budget 100 ms \(the step's within\)$");
    }

    [Test]
    public async Task A_within_longer_than_the_receive_timeout_fails_its_step_instead_of_never_being_broken()
    {
        var never = Seed.Replace("  - expect: { by: customer, frame: { type: normal, from: \"${teacherId}\" } }",
            "  - expect: { by: customer, within: 2s, frame: { type: normal, from: \"${teacherId}\" } }", StringComparison.Ordinal);

        var outcome = await PlayAsync(never, new ImServerOptions(), receive: TimeSpan.FromSeconds(1));

        outcome.Failures.Should().ContainSingle().Which.Problems.Should().Equal(
            "within (2000 ms) is longer than the receive timeout (1 s), so it could never be broken: lower it, or give the step a longer timeout");
    }

    [Test]
    public async Task A_frame_that_never_comes_is_a_timeout_naming_what_was_awaited()
    {
        var outcome = await PlayAsync(Seed, new ImServerOptions { Fault = FaultCatalogue.TeacherSilent }, receive: TimeSpan.FromSeconds(0.5));

        var failure = outcome.Failures.Should().ContainSingle().Subject;
        failure.Name.Should().Be("normal");
        failure.Problems.Should().ContainSingle().Which.Should().Contain("Timed out after 0.5 s waiting for a normal frame from");
    }

    [Test]
    public async Task A_frame_in_the_quiet_window_fails_expect_nothing()
    {
        const string yaml = """
            name: quiet
            participants: { customer: {} }
            steps:
              - send: { by: customer, frame: { type: "match", from: "${customer}", to: "system" } }
              - expectNothing: { by: customer, timeout: 2 }
            """;

        var outcome = await PlayAsync(yaml, new ImServerOptions());

        outcome.Failures.Should().ContainSingle().Which.Problems.Should().ContainSingle()
            .Which.Should().StartWith("expected no frame for 2 s, but got {\"code\":\"0\"");
    }

    [TestCase("- send: { by: customer, text: hello }\n  - send: { by: customer, text: again }")]
    [TestCase("- expect: { by: customer, frame: { type: match } }\n  - expect: { by: customer, frame: { type: match } }\n  - send: { by: customer, text: x }")]
    [TestCase("- expectNothing: { by: customer, timeout: 0.1 }\n  - send: { by: customer, text: x }")]
    public async Task A_server_that_cannot_be_reached_fails_the_connect_and_ends_the_run(string steps)
    {
        var scenario = ScenarioReader.Parse($"name: unreachable\nparticipants: {{ customer: {{}} }}\nsteps:\n  {steps}", "unreachable.yml");
        var url = new Uri($"ws://127.0.0.1:{FreePort.Next()}/pinter/imserver");
        var runner = new ScenarioRunner((id, ct) => ImServerApi.ConnectAsync(url, id, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), null, ct), () => "c1", TimeSpan.FromSeconds(0.1));

        var outcome = await runner.RunAsync(scenario);

        var failure = outcome.Steps.Should().ContainSingle("a participant that cannot connect is tried once, and the run ends there").Subject;
        failure.Kind.Should().Be(StepKind.Connect);
        failure.Title.Should().Be("customer connects");
        failure.Problems.Should().ContainSingle().Which.Should().Contain("Cannot connect to the server");
    }

    [Test]
    public async Task An_expected_frame_is_picked_by_its_type_and_its_sender_together()
    {
        const string yaml = """
            name: picked
            participants: { customer: {} }
            steps:
              - send: { by: customer, frame: { type: "match", from: "${customer}", to: "system" } }
              - send: { by: customer, frame: { type: "normal", from: "${customer}", to: "nobody", msg: "" } }
              - expect: { by: customer, frame: { type: receipt, from: system, code: "1", msg: 消息内容为空 } }
              - expect: { by: customer, frame: { type: match, from: system, code: "0" } }
            """;

        var outcome = await PlayAsync(yaml, new ImServerOptions());

        outcome.Should().Pass("the match reply, also from system, waits in the inbox while the receipt is picked");
    }

    [Test]
    public async Task A_step_without_type_or_sender_waits_its_own_timeout_for_any_frame_and_ends_its_group()
    {
        const string yaml = """
            name: waiting
            participants: { customer: {} }
            steps:
              - expect: { by: customer, timeout: 0.2, frame: { msg: never } }
              - expect: { by: customer, frame: { type: match } }
            """;

        var outcome = await PlayAsync(yaml, new ImServerOptions(), receive: TimeSpan.FromSeconds(5));

        outcome.Steps.Select(s => s.Kind).Should().Equal([StepKind.Connect, StepKind.Expect], "a frame that never came ends its group");
        var failure = outcome.Failures.Should().ContainSingle().Subject;
        failure.Name.Should().Be("frame");
        failure.Problems.Should().ContainSingle().Which.Should()
            .StartWith("Timed out after 0.2 s waiting for a frame (waiting.yml:4:13) on ws://").And.EndWith("No frame arrived meanwhile.");
    }

    [Test]
    public async Task A_participant_is_known_by_name_once_the_variables_of_its_id_are()
    {
        const string yaml = """
            name: named
            participants:
              customer: {}
              teacher: { id: "${teacherId}" }
            steps:
              - send: { by: customer, frame: { type: "match", from: "${customer}", to: "system" } }
              - expect: { by: customer, frame: { type: match, msg: { regex: '__mtx$', capture: teacherId } } }
              - send: { by: customer, frame: { type: "normal", from: "${customer}", to: "${teacher}", msg: "你好" } }
              - expect: { by: customer, frame: { type: receipt, code: "0" } }
            """;

        var outcome = await PlayAsync(yaml, new ImServerOptions());

        outcome.Should().Pass("${teacher} is the teacher's id before the teacher ever connects");
    }

    [Test]
    public async Task Raw_text_is_sent_as_written()
    {
        const string yaml = """
            name: raw
            participants: { customer: {} }
            steps:
              - send: { by: customer, text: "not json" }
              - expect: { by: customer, frame: { code: "1", type: receipt, from: system } }
            """;

        var outcome = await PlayAsync(yaml, new ImServerOptions());

        outcome.Should().Pass();
    }

    [Test]
    public async Task A_step_kind_the_runner_does_not_know_stops_it_rather_than_being_skipped()
    {
        var scenario = new Scenario("odd", null, [new Participant("customer", null)], [new OddStep(new Position("odd.yml", 1, 1), "customer")], "odd.yml");
        var runner = new ScenarioRunner((_, _) => throw new InvalidOperationException("no connect expected"), () => "c1", TimeSpan.FromSeconds(0.1));

        var run = () => runner.RunAsync(scenario);

        (await run.Should().ThrowAsync<InvalidOperationException>()).WithMessage("odd.yml:1:1: the runner does not know steps of kind OddStep");
    }

    private async Task<ScenarioOutcome> PlayAsync(string yaml, ImServerOptions options, TimeSpan? receive = null)
    {
        _server = await ImServer.StartAsync(options);
        var server = _server;
        var runner = new ScenarioRunner(async (id, ct) =>
        {
            var api = await ImServerApi.ConnectAsync(server.BaseUrl, id, TimeSpan.FromSeconds(5), receive ?? TimeSpan.FromSeconds(5), Contract, ct);
            _connections.Add(api);
            return api;
        }, () => "spec-" + Guid.NewGuid().ToString("N")[..12], TimeSpan.FromSeconds(0.3));
        return await runner.RunAsync(ScenarioReader.Parse(yaml, Path.GetFileNameWithoutExtension(yaml.Split('\n')[0][6..]) + ".yml"));
    }

    private sealed record OddStep(Position At, string By) : ScenarioStep(At, By, null);
}
