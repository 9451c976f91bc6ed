namespace ImServerTests.Api;

/// <summary>
/// Where the Api reports its exchanges: each becomes a named step with the frames attached. The test
/// project plugs in its report adapter; by default nothing is reported.
/// </summary>
public interface IExchangeReporter
{
    Task<T> StepAsync<T>(string name, Func<Task<T>> body);

    /// <summary>Attaches one frame (JSON text) to the step that is running.</summary>
    void AttachFrame(string name, string json);

    /// <summary>Adds a named value to the step that is running, e.g. a frame's latency and its budget.</summary>
    void AddParameter(string name, string value);
}

/// <summary>The reporter in use; set once by the test run's set-up.</summary>
public static class ExchangeReporting
{
    public static IExchangeReporter Current { get; set; } = NoReporter.Instance;

    private sealed class NoReporter : IExchangeReporter
    {
        public static readonly NoReporter Instance = new();

        public Task<T> StepAsync<T>(string name, Func<Task<T>> body) => body();

        public void AttachFrame(string name, string json)
        {
        }

        public void AddParameter(string name, string value)
        {
        }
    }
}
