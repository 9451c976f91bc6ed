using ImServerTests.TestKit.Reporting;
using System.Globalization;
using Allure.NUnit;
using NUnit.Framework.Interfaces;

namespace ImServerTests.Specs.TestKit;

/// <summary>The Allure adapter against an in-memory writer: no disk, no report generator.</summary>
[TestFixture]
[Category(Categories.Spec)]
[AllureEpic("Report adapter")]
[AllureFeature("Allure results")]
public sealed class AllureAdapterSpecs
{
    private InMemoryResultsWriter _writer = null!;
    private AllureLifecycle _lifecycle = null!;

    [SetUp]
    public void NewLifecycle()
    {
        _writer = new InMemoryResultsWriter();
        _lifecycle = new AllureLifecycle(_writer);
    }

    [Test]
    public async Task Nested_async_steps_keep_their_parents_and_attachments_land_in_their_step()
    {
        _lifecycle.StartTest(new AllureTestResult { Name = "t" });
        await _lifecycle.StepAsync("outer", async () =>
        {
            _lifecycle.AttachJson("sent", "{\"a\":1}");
            await _lifecycle.StepAsync("inner", async () =>
            {
                await Task.Yield();
                _lifecycle.AttachJson("received", "{\"b\":2}");
                _lifecycle.AddParameter("latency", "12 ms (budget 1,000 ms, environment embedded)");
            });
        });
        _lifecycle.AttachText("transcript", "lines");
        var result = _lifecycle.StopTest(AllureStatus.Passed, null)!;

        var outer = result.Steps.Should().ContainSingle().Subject;
        outer.Name.Should().Be("outer");
        outer.Attachments.Select(a => (a.Name, a.Type)).Should().Equal(("sent", "application/json"));
        var inner = outer.Steps.Should().ContainSingle().Subject;
        inner.Attachments.Select(a => a.Name).Should().Equal("received");
        inner.Parameters.Should().Equal(new AllureParameter("latency", "12 ms (budget 1,000 ms, environment embedded)"));
        outer.Parameters.Should().BeEmpty("a parameter lands in the step that is running");
        result.Attachments.Select(a => (a.Name, a.Type)).Should().Equal(("transcript", "text/plain"));
        _writer.Attachments.Should().HaveCount(3);
        _writer.Results.Should().ContainSingle();
    }

    [Test]
    public void A_failing_step_records_failed_for_assertions_and_broken_for_other_errors_and_rethrows()
    {
        _lifecycle.StartTest(new AllureTestResult { Name = "t" });
        var assertion = () => _lifecycle.Step("assert", () => throw new AssertionException("differs"));
        var timeout = () => _lifecycle.Step("wait", () => throw new TimeoutException("late"));

        assertion.Should().Throw<AssertionException>();
        timeout.Should().Throw<TimeoutException>();
        var result = _lifecycle.StopTest(AllureStatus.Failed, new AllureStatusDetails("differs", null))!;

        result.Steps.Select(s => (s.Name, s.Status, s.StatusDetails!.Message)).Should().Equal(
            ("assert", AllureStatus.Failed, "differs"), ("wait", AllureStatus.Broken, "late"));
        result.Steps.Should().OnlyContain(s => s.Stage == "finished" && s.Stop >= s.Start);
    }

    [Test]
    public async Task Parallel_tests_keep_their_own_steps()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            _lifecycle.StartTest(new AllureTestResult { Name = $"t{i}" });
            await _lifecycle.StepAsync($"step of t{i}", () => Task.Delay(10));
            return _lifecycle.StopTest(AllureStatus.Passed, null)!;
        })));

        results.Should().OnlyContain(r => r.Steps.Count == 1 && r.Steps[0].Name == "step of " + r.Name);
    }

    [Test]
    public void Steps_outside_a_test_just_run()
    {
        _lifecycle.Step("alone", () => 42).Should().Be(42);
        _writer.Results.Should().BeEmpty();
    }

    [TestCase("x", 1)]
    [AllureStory("Ids and parameters")]
    public void Ids_are_stable_and_parameters_are_recorded(string text, int number)
    {
        var first = TestResultFactory.Create(TestExecutionContextTest());
        var second = TestResultFactory.Create(TestExecutionContextTest());

        first.HistoryId.Should().Be(second.HistoryId).And.MatchRegex("^[0-9a-f]{32}$");
        first.TestCaseId.Should().Be(second.TestCaseId);
        first.Uuid.Should().NotBe(second.Uuid);
        first.FullName.Should().Be(
            "ImServerTests.Specs:ImServerTests.Specs.TestKit.AllureAdapterSpecs.Ids_are_stable_and_parameters_are_recorded(String,Int32)");
        first.Parameters.Select(p => (p.Name, p.Value)).Should().Equal(("text", $"\"{text}\""), ("number", number.ToString(CultureInfo.InvariantCulture)));
        first.Name.Should().Be("Ids are stable and parameters are recorded(\"x\",1)", "a method name reads as words");
        first.Labels.Should().Contain(
        [
            new AllureLabel("tag", Categories.Spec),
            new AllureLabel("epic", "Report adapter"),
            new AllureLabel("feature", "Allure results"),
            new AllureLabel("story", "Ids and parameters"),
            new AllureLabel("parentSuite", "Report adapter"),
            new AllureLabel("suite", "Allure results"),
            new AllureLabel("subSuite", "Ids and parameters"),
        ]);
    }

    [Test]
    [AllureFeature("Allure results", "Label values")]
    [AllureStory("Several values", "One label each")]
    public void A_label_attribute_with_several_values_gives_a_label_for_each_and_the_first_places_the_test()
    {
        var result = TestResultFactory.Create(TestExecutionContextTest());

        result.Labels.Where(l => l.Name is "feature" or "story").Select(l => (l.Name, l.Value)).Should().Equal(
            ("feature", "Allure results"), ("feature", "Label values"), ("story", "Several values"), ("story", "One label each"));
        result.Labels.Should().Contain([new AllureLabel("suite", "Allure results"), new AllureLabel("subSuite", "Several values")]);
    }

    [Test]
    [AllureName("A title of the test's own replaces its method name")]
    [AllureSeverity(SeverityLevel.critical)]
    [AllureDescription("described for the report")]
    public void Attributes_set_the_title_severity_and_description()
    {
        var result = TestResultFactory.Create(TestExecutionContextTest());

        result.Name.Should().Be("A title of the test's own replaces its method name");
        result.Description.Should().Be("described for the report");
        result.Labels.Should().Contain(new AllureLabel("severity", "critical"));
    }

    [Test]
    public void Environment_files_of_several_assemblies_merge_instead_of_overwriting()
    {
        var directory = Directory.CreateTempSubdirectory("allure-merge-");
        try
        {
            new FileResultsWriter(directory.FullName, "first").MergeEnvironment(new Dictionary<string, string> { ["server.url"] = "ws://a", ["os"] = "x" });
            new FileResultsWriter(directory.FullName, "second").MergeEnvironment(new Dictionary<string, string> { ["os"] = "y", ["dotnet"] = "10" });

            RunFiles.ReadProperties(File.ReadAllText(Path.Combine(directory.FullName, "environment.properties")))
                .Should().Equal(new Dictionary<string, string> { ["dotnet"] = "10", ["os"] = "y", ["server.url"] = "ws://a" });
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public void NUnit_outcomes_map_to_allure_statuses()
    {
        AllureNUnitAttribute.StatusOf(ResultState.Success).Should().Be(AllureStatus.Passed);
        AllureNUnitAttribute.StatusOf(ResultState.Failure).Should().Be(AllureStatus.Failed);
        AllureNUnitAttribute.StatusOf(ResultState.Error).Should().Be(AllureStatus.Broken);
        AllureNUnitAttribute.StatusOf(ResultState.Ignored).Should().Be(AllureStatus.Skipped);
        AllureNUnitAttribute.StatusOf(ResultState.Inconclusive).Should().Be(AllureStatus.Broken);
        AllureNUnitAttribute.StatusOf(ResultState.Warning).Should().Be(AllureStatus.Broken, "Allure.NUnit reports a warning as broken");
        AllureNUnitAttribute.StatusOf(ResultState.SetUpError).Should().Be(AllureStatus.Broken);
    }

    [Test]
    public void Run_files_name_the_ci_and_group_failures()
    {
        var github = new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_RUN_ID"] = "7", ["GITHUB_REPOSITORY"] = "o/r", ["GITHUB_SERVER_URL"] = "https://gh" };

        RunFiles.Executor(n => github.GetValueOrDefault(n))!.BuildUrl.Should().Be("https://gh/o/r/actions/runs/7");
        RunFiles.Executor(_ => null).Should().BeNull("a local run has no executor");
        RunFiles.Categories.Select(c => c.Name).Should().Contain(["Frame assertion failed", "Timed out waiting for a frame", "Cannot connect to the server"]);
        RunFiles.WriteCategories(_writer);
        _writer.RunFiles["categories.json"].Should().Contain("\"messageRegex\"").And.Contain("\"matchedStatuses\"");
    }

    private static ITest TestExecutionContextTest() => NUnit.Framework.Internal.TestExecutionContext.CurrentContext.CurrentTest;
}
