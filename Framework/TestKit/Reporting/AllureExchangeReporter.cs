using ImServerTests.Api;

namespace ImServerTests.TestKit.Reporting;

/// <summary>Turns the Api's exchanges into Allure steps, with each frame attached as application/json.</summary>
public sealed class AllureExchangeReporter(AllureLifecycle lifecycle) : IExchangeReporter
{
    public Task<T> StepAsync<T>(string name, Func<Task<T>> body) => lifecycle.StepAsync(name, body);

    public void AttachFrame(string name, string json) => lifecycle.AttachJson(name, json);

    public void AddParameter(string name, string value) => lifecycle.AddParameter(name, value);
}
