using System.Collections.Concurrent;
using ImServerTests.Api;
using ImServerTests.Config;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace ImServerTests.TestCases.Regression;

/// <summary>
/// Base of every regression fixture: fresh user ids, connections that are closed when the test (or the
/// fixture) ends, and the transcripts of those connections written out when a case fails.
/// </summary>
public abstract class ImServerFixture
{
    private readonly ConcurrentQueue<ImServerApi> _fixtureConnections = new();
    private readonly ConcurrentQueue<ImServerApi> _testConnections = new();

    protected static ImServerSettings Settings => ServerUnderTest.Settings;

    /// <summary>A user id no other fixture or run uses: {prefix}-{random}.</summary>
    protected static string NewCustomerId() => $"{Settings.UserIdPrefix}-{Guid.NewGuid():N}"[..(Settings.UserIdPrefix.Length + 13)];

    /// <summary>A user id that the server takes for a teacher (ends in __mtx), so it has no teacher of its own.</summary>
    protected static string NewTeacherLikeId() => NewCustomerId() + "__mtx";

    /// <summary>A connection that lives for the whole fixture (for cases that chain, like the seed's).</summary>
    protected async Task<ImServerApi> ConnectForFixtureAsync(string userId)
    {
        ImServerApi? api = null;
        await Reporting.SetUpFailures.RecordAsync(GetType().FullName!, async () =>
            api = await ImServerApi.ConnectAsync(ServerUnderTest.BaseUrl, userId, Settings).ConfigureAwait(false)).ConfigureAwait(false);
        _fixtureConnections.Enqueue(api!);
        return api!;
    }

    /// <summary>A connection that is closed when the current test ends.</summary>
    protected async Task<ImServerApi> ConnectAsync(string userId)
    {
        var api = await ImServerApi.ConnectAsync(ServerUnderTest.BaseUrl, userId, Settings).ConfigureAwait(false);
        _testConnections.Enqueue(api);
        return api;
    }

    [TearDown]
    public async Task CloseTestConnectionsAsync()
    {
        var failed = TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed;
        if (failed)
        {
            WriteTranscripts(_fixtureConnections.Concat(_testConnections));
        }

        while (_testConnections.TryDequeue(out var api))
        {
            await api.DisposeAsync().ConfigureAwait(false);
        }
    }

    [OneTimeTearDown]
    public async Task CloseFixtureConnectionsAsync()
    {
        while (_fixtureConnections.TryDequeue(out var api))
        {
            await api.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static void WriteTranscripts(IEnumerable<ImServerApi> connections)
    {
        foreach (var api in connections)
        {
            var text = $"Transcript of {api.Url}:{Environment.NewLine}{api.Transcript}";
            TestContext.Out.WriteLine(text);
            Reporting.FailureTranscripts.Attach($"transcript of {api.UserId}", text);
        }
    }
}
