using ImServerTests.Api;
using ImServerTests.TestCases.Regression;
using ImServerTests.TestCases.Reporting;
using NUnit.Framework;

/// <summary>
/// Once per test run (it sits outside every namespace): routes the Api's exchanges into Allure steps and
/// writes the run files beside the results.
/// </summary>
[SetUpFixture]
public sealed class AllureRun
{
    [OneTimeSetUp]
    public void StartRun()
    {
        var lifecycle = AllureLifecycle.Instance;
        ExchangeReporting.Current = new AllureExchangeReporter(lifecycle);
        RunFiles.WriteCategories(lifecycle.Writer);
        RunFiles.WriteExecutor(lifecycle.Writer, Environment.GetEnvironmentVariable);
    }

    [OneTimeTearDown]
    public void FinishRun() => RunFiles.WriteEnvironment(AllureLifecycle.Instance.Writer, ServerUnderTest.Describe());
}
