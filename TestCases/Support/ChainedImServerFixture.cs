using System.Collections.Concurrent;

namespace ImServerTests.TestCases.Support;

/// <summary>
/// For cases that chain, like the seed's (match, then a message to the matched teacher, then an empty one): one
/// fixture instance, its cases in order, and a connection that lives for the whole fixture.
/// </summary>
[FixtureLifeCycle(LifeCycle.SingleInstance)]
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
