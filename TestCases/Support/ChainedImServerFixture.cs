using System.Collections.Concurrent;

namespace ImServerTests.TestCases.Support;

/// <summary>
/// For cases that chain, like the seed's (match, then a message to the matched teacher, then an empty one): one
/// fixture instance, its cases in order, and a connection that lives for the whole fixture. NUnit runs a chain of
/// dependent cases only when they are not parallel, and the regression's header makes a fixture's cases parallel; so
/// a chained fixture runs on its own, while no other case runs (a second or so in all).
/// </summary>
[FixtureLifeCycle(LifeCycle.SingleInstance)]
[Parallelizable(ParallelScope.None)]
public abstract class ChainedImServerFixture : ImServerFixture
{
    private readonly ConcurrentQueue<ImServerApi> _fixtureConnections = new();

    protected override IEnumerable<ImServerApi> FixtureConnections => _fixtureConnections;

    /// <summary>A connection that lives for the whole fixture; a failure to open it is the fixture's set-up failure.</summary>
    protected async Task<ImServerApi> ConnectForFixtureAsync(string userId)
    {
        var api = await OpenAsync(userId);
        _fixtureConnections.Enqueue(api);
        return api;
    }

    [OneTimeTearDown]
    public async Task CloseFixtureConnectionsAsync()
    {
        while (_fixtureConnections.TryDequeue(out var api))
        {
            await api.DisposeAsync();
        }
    }
}
