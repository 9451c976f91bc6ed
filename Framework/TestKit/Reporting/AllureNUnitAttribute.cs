using System.Collections.Concurrent;
using System.Reflection;
using ImServerTests.Api;
using ImServerTests.TestKit.Reporting;
using ImServerTests.Shared;
using NUnit.Framework;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace Allure.NUnit;

/// <summary>
/// Writes one Allure result per test run, like Allure.NUnit. Applied to the assembly, it starts the run (the
/// Api's exchanges become steps; categories.json and executor.json are written), wraps every test (and its
/// [SetUp]/[TearDown]) and attaches its console output; once the run ends, each fixture's one-time set-up and
/// tear-down go in a container, environment.properties gets the run's facts, and tests that never ran because a
/// set-up above them failed still get a result, so none is lost.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class, AllowMultiple = false)]
public sealed class AllureNUnitAttribute : Attribute, ITestAction
{
    private static readonly ConcurrentDictionary<string, FixtureRun> Fixtures = new();
    private static readonly ConcurrentDictionary<string, bool> Reported = new();

    public ActionTargets Targets => ActionTargets.Test | ActionTargets.Suite;

    private static AllureLifecycle Lifecycle => AllureLifecycle.Instance;

    public void BeforeTest(ITest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        if (test is TestAssembly assembly)
        {
            StartRun(assembly.Assembly?.GetName().Name ?? "tests");
            return;
        }

        if (test.IsSuite)
        {
            return;
        }

        var result = TestResultFactory.Create(test);
        Reported[test.Id] = true;
        if (FixtureOf(test) is { } fixture)
        {
            Fixtures.GetOrAdd(fixture.Id, _ => new FixtureRun(fixture)).ChildStarted(result.Uuid, AllureLifecycle.Now());
        }

        Lifecycle.StartTest(result);
    }

    public void AfterTest(ITest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var outcome = TestContext.CurrentContext.Result;
        var status = StatusOf(outcome.Outcome);
        if (!test.IsSuite)
        {
            if (TestExecutionContext.CurrentContext.CurrentResult.Output is { Length: > 0 } output)
            {
                Lifecycle.AttachText("console output", output);
            }

            var details = status == AllureStatus.Passed ? null : new AllureStatusDetails(outcome.Message, outcome.StackTrace);
            var result = Lifecycle.StopTest(status, details);
            if (result is not null && FixtureOf(test) is { } fixture && Fixtures.TryGetValue(fixture.Id, out var run))
            {
                run.ChildStopped(result.Stop);
            }

            return;
        }

        if (test is not TestAssembly)
        {
            return;
        }

        ReportTestsThatNeverRan(TestExecutionContext.CurrentContext.CurrentResult);
        foreach (var run in Fixtures.Values)
        {
            WriteContainer(run);
        }

        Fixtures.Clear();
        // Only an assembly whose tests stated facts about their servers writes the run's environment.
        if (RunFacts.Snapshot() is { Count: > 0 } facts)
        {
            Lifecycle.Writer.MergeEnvironment(RunFiles.Runtime().Concat(facts).ToDictionary());
        }
    }

    private static void StartRun(string assemblyName)
    {
        var lifecycle = AllureLifecycle.ForAssembly(assemblyName);
        ExchangeReporting.Current = new AllureExchangeReporter(lifecycle);
        RunFiles.WriteCategories(lifecycle.Writer);
        RunFiles.WriteExecutor(lifecycle.Writer, Environment.GetEnvironmentVariable);
    }

    // One-time set-up and tear-down of a fixture, around the tests that ran in it.
    private static void WriteContainer(FixtureRun run)
    {
        var type = run.Fixture.TypeInfo?.Type;
        var container = new AllureContainer { Name = run.Fixture.FullName, Start = run.FirstChildStart, Stop = run.LastChildStop };
        if (HasMethodWith<OneTimeSetUpAttribute>(type))
        {
            container.Befores.Add(Fixture("OneTimeSetUp", run.FirstChildStart));
        }

        if (HasMethodWith<OneTimeTearDownAttribute>(type))
        {
            container.Afters.Add(Fixture("OneTimeTearDown", run.LastChildStop));
        }

        if (container.Befores.Count + container.Afters.Count > 0)
        {
            container.Children.AddRange(run.Children);
            Lifecycle.Writer.Write(container);
        }
    }

    private static AllureStep Fixture(string name, long at) =>
        new() { Name = name, Start = at, Stop = at, Status = AllureStatus.Passed, Stage = "finished" };

    // A one-time set-up that fails stops NUnit from running (and from announcing) the tests below it, though
    // they are in the run's results; they still get a result, with the set-up's error. Tests the filter left
    // out have no result and get none.
    private static void ReportTestsThatNeverRan(ITestResult assembly)
    {
        foreach (var (outcome, failedSetUp) in Leaves(assembly, null))
        {
            if (!Reported.TryAdd(outcome.Test.Id, true))
            {
                continue;
            }

            var result = TestResultFactory.Create(outcome.Test);
            result.Start = result.Stop = AllureLifecycle.Now();
            result.Status = StatusOf(outcome.ResultState);
            result.StatusDetails = failedSetUp is null
                ? new AllureStatusDetails(outcome.Message, outcome.StackTrace)
                : new AllureStatusDetails($"Not run: a one-time set-up above it failed: {failedSetUp.Message}", failedSetUp.StackTrace);
            result.Stage = "finished";
            Lifecycle.Writer.Write(result);
        }
    }

    // Each test's result, with the nearest suite above it whose one-time set-up failed.
    private static IEnumerable<(ITestResult Outcome, ITestResult? FailedSetUp)> Leaves(ITestResult suite, ITestResult? failedSetUp)
    {
        var failed = suite.ResultState.Site == FailureSite.SetUp ? suite : failedSetUp;
        return suite.Children.SelectMany(child => child.Test.IsSuite ? Leaves(child, failed) : [(child, failed)]);
    }

    public static string StatusOf(ResultState outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Status switch
        {
            TestStatus.Passed => AllureStatus.Passed,
            TestStatus.Skipped => AllureStatus.Skipped,
            TestStatus.Inconclusive or TestStatus.Warning => AllureStatus.Broken,
            _ when outcome.Label is "Error" or "Cancelled" or "Invalid" => AllureStatus.Broken,
            _ => AllureStatus.Failed,
        };
    }

    private static bool IsFixture(ITest test) => test.IsSuite && test.TypeInfo is not null && test.Method is null && !test.TypeInfo.Type.IsAbstract
        && test.TypeInfo.Type.GetCustomAttribute<SetUpFixtureAttribute>() is null;

    private static ITest? FixtureOf(ITest test)
    {
        for (var node = test.Parent; node is not null; node = node.Parent)
        {
            if (IsFixture(node))
            {
                return node;
            }
        }

        return null;
    }

    private static bool HasMethodWith<T>(Type? type)
        where T : Attribute =>
        type?.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
            .Any(m => m.GetCustomAttribute<T>() is not null) == true;

    private sealed class FixtureRun(ITest fixture)
    {
        private readonly Lock _gate = new();

        public ITest Fixture { get; } = fixture;

        public List<string> Children { get; } = [];

        public long FirstChildStart { get; private set; }

        public long LastChildStop { get; private set; }

        public void ChildStarted(string uuid, long start)
        {
            lock (_gate)
            {
                Children.Add(uuid);
                FirstChildStart = FirstChildStart == 0 ? start : FirstChildStart;
            }
        }

        public void ChildStopped(long stop)
        {
            lock (_gate)
            {
                LastChildStop = Math.Max(LastChildStop, stop);
            }
        }
    }
}
