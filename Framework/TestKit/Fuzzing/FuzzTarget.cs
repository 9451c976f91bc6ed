using ImServerTests.Api;
using ImServerTests.Api.Timing;
using ImServerTests.TestKit.Servers;

namespace ImServerTests.TestKit.Fuzzing;

/// <summary>
/// The server a fuzz run talks to. When the run's server is the embedded one, the fuzz run starts one of its own like it,
/// so an input that takes a faulty server down stops only that one, and can start it again for the next case; a server
/// named by URL is the one it has.
/// </summary>
public sealed class FuzzTarget : IAsyncDisposable
{
    private IAsyncDisposable? _running;

    private FuzzTarget(ServerUnderTest server, Uri baseUrl, IAsyncDisposable? running)
    {
        Server = server;
        BaseUrl = baseUrl;
        _running = running;
    }

    public ServerUnderTest Server { get; }

    public Uri BaseUrl { get; private set; }

    /// <summary>True when the run started the server itself and can start it again after an input stopped it.</summary>
    public bool CanRestart => _running is not null;

    public static async Task<FuzzTarget> OpenAsync(ServerUnderTest server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!server.IsEmbedded)
        {
            return new FuzzTarget(server, server.BaseUrl, null);
        }

        var (baseUrl, running) = await server.StartAnotherEmbeddedAsync(cancellationToken).ConfigureAwait(false);
        return new FuzzTarget(server, baseUrl, running);
    }

    public Task<ImServerApi> ConnectAsync(string userId, SendClock clock, CancellationToken cancellationToken) =>
        Server.ConnectAsync(BaseUrl, userId, clock, cancellationToken);

    /// <summary>Stops the server this run started and starts a new one like it.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        if (_running is null)
        {
            throw new InvalidOperationException($"the fuzz run talks to {BaseUrl}, which it did not start, so it cannot start it again");
        }

        await _running.DisposeAsync().ConfigureAwait(false);
        _running = null;
        (BaseUrl, _running) = await Server.StartAnotherEmbeddedAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_running is not null)
        {
            await _running.DisposeAsync().ConfigureAwait(false);
            _running = null;
        }
    }
}
