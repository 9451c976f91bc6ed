using ImServerTests.TestKit.Reporting;
namespace ImServerTests.Specs.TestKit;

/// <summary>What the report's environment says about a run: the servers its cases used, and no secret.</summary>
[TestFixture]
[Category(Categories.Spec)]
[AllureEpic("Report adapter")]
[AllureFeature("The run's environment")]
[NonParallelizable] // RunFacts holds the facts of the whole test run
public sealed class RunFactsSpecs
{
    // These facts are made up: none of them may reach the report of the run that tests them.
    [TearDown]
    public void Forget() => RunFacts.Clear();

    [Test]
    public void The_environment_names_the_servers_the_cases_used_and_which_cases_used_each()
    {
        RunFacts.ServerUsed("ws://127.0.0.1:1/pinter/imserver", "ImServer cases");
        RunFacts.ServerUsed("ws://127.0.0.1:1/pinter/imserver", "ImServer cases");
        RunFacts.ServerUsed("ws://127.0.0.1:2/pinter/imserver", "Security cases, identity check on");
        RunFacts.ServerUsed("ws://127.0.0.1:2/pinter/imserver", "Security cases, identity check on");

        var facts = RunFacts.Snapshot();

        facts["server.url"].Should().Be(
            "ws://127.0.0.1:1/pinter/imserver (used by ImServer cases); ws://127.0.0.1:2/pinter/imserver (used by Security cases, identity check on)");
        facts["servers"].Should().Be("2 servers in this run");
    }

    [Test]
    public void A_run_with_one_server_names_it_once()
    {
        RunFacts.ServerUsed("ws://127.0.0.1:1/pinter/imserver", "ImServer cases");
        RunFacts.ServerUsed("ws://127.0.0.1:1/pinter/imserver", "Security cases");

        var facts = RunFacts.Snapshot();

        facts["server.url"].Should().Be("ws://127.0.0.1:1/pinter/imserver (used by ImServer cases, Security cases)");
        facts.Should().NotContainKey("servers");
    }

    [Test]
    public void Secrets_never_reach_the_environment()
    {
        const string token = "run-facts-secret-1234";
        Secrets.Register(token);

        RunFacts.Set("tls", $"token {token}");
        RunFacts.ServerUsed($"wss://staging/pinter/imserver?token={token}", "ImServer cases");

        RunFacts.Snapshot().Values.Should().OnlyContain(v => !v.Contains(token, StringComparison.Ordinal));
    }

    [Test]
    public void Steps_attachments_and_failures_in_the_report_mask_secrets()
    {
        const string token = "report-secret-5678";
        Secrets.Register(token);
        var writer = new InMemoryResultsWriter();
        var lifecycle = new AllureLifecycle(writer);
        lifecycle.StartTest(new AllureTestResult { Name = "masking" });

        lifecycle.Step($"connect with token {token}", () => { });
        lifecycle.AttachText("transcript", $"-> {token}");
        var result = lifecycle.StopTest(AllureStatus.Failed, new AllureStatusDetails($"failed with {token}", null))!;

        string[] outputs = [result.Steps[0].Name, result.StatusDetails!.Message!, .. writer.Attachments.Values.Select(System.Text.Encoding.UTF8.GetString)];
        outputs.Should().OnlyContain(text => !text.Contains(token, StringComparison.Ordinal) && text.Contains(Secrets.Replacement, StringComparison.Ordinal));
    }
}
