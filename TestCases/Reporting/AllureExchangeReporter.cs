using ImServerTests.Api;

namespace ImServerTests.TestCases.Reporting;

/// <summary>Turns the Api's exchanges into Allure steps, with each frame attached as application/json.</summary>
public sealed class AllureExchangeReporter(AllureLifecycle lifecycle) : IExchangeReporter
{
    public Task<T> StepAsync<T>(string name, Func<Task<T>> body) => lifecycle.StepAsync(name, body);

    public void AttachFrame(string name, string json) => lifecycle.AttachJson(name, json);
}

/// <summary>Attaches a connection's transcript to the failed test it belongs to.</summary>
public static class FailureTranscripts
{
    public static void Attach(string name, string transcript) => AllureLifecycle.Instance.AttachText(name, transcript);
}
