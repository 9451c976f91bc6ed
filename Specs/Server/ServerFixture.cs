using ImServerTests.Server;
using ImServerTests.Server.Conversation;
using System.Collections.Concurrent;
using System.Text.Json;
using ImServerTests.Conformance;

namespace ImServerTests.Specs.Server;

/// <summary>
/// Starts one embedded server per fixture, with no think time, and opens raw connections to it. Every frame the
/// server sends on them must be a message of the contract the suite checks against, or the test fails.
/// </summary>
public abstract class ServerFixture
{
    private static readonly Lazy<Contract> SharedContract = new(() => ContractFile.Load(_ => null));
    private readonly List<RawConnection> _connections = [];
    private readonly ConcurrentQueue<string> _strangers = new();
    private ImServer? _server;

    protected Uri BaseUrl => _server!.BaseUrl;

    protected ImServer Server => _server!;

    protected virtual ImServerOptions Options => new() { ReplyDelay = ThinkTime.None };

    [OneTimeSetUp]
    public async Task StartServerAsync() => _server = await ImServer.StartAsync(Options);

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>The repository's contract (the server's tests never take another).</summary>
    protected static Contract Contract => SharedContract.Value;

    [TearDown]
    public async Task CloseConnectionsAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        _connections.Clear();
        var strangers = _strangers.ToList();
        _strangers.Clear();
        strangers.Should().BeEmpty("every frame the server sends must be a message of {0}", Path.GetFileName(Contract.Source));
    }

    /// <summary>Opens a connection the test manages itself; its frames are checked against the contract like the others.</summary>
    internal Task<RawConnection> OpenUnmanagedAsync(string userId) => RawConnection.OpenAsync(BaseUrl, userId, CheckFrame);

    // Checked as each frame arrives, and only strangers kept: the abuse test reads thousands of frames.
    private void CheckFrame(RawConnection connection, string frame)
    {
        if (!Contract.MatchesAnyReceived(frame))
        {
            _strangers.Enqueue($"{connection.UserId} <- {frame}");
        }
    }

    protected static string NewUser() => "server-test-" + Guid.NewGuid().ToString("N")[..12];

    internal async Task<RawConnection> OpenAsync(string? userId = null)
    {
        var connection = await OpenUnmanagedAsync(userId ?? NewUser());
        lock (_connections)
        {
            // tests open connections from parallel tasks
            _connections.Add(connection);
        }

        return connection;
    }

    /// <summary>Opens a customer connection and returns it with its teacher, read from a match.</summary>
    internal async Task<(RawConnection Connection, string Teacher)> OpenCustomerAsync()
    {
        var connection = await OpenAsync();
        await connection.SendJsonAsync(new { type = "match", from = connection.UserId, to = "system" });
        var reply = (await connection.ReceiveAsync())!.Value;
        return (connection, reply.Field("msg"));
    }

    internal static object Normal(RawConnection from, string to, string? msg) => new { msgId = "111", type = "normal", from = from.UserId, to, msg };

    internal static Dictionary<string, string> Fields(JsonElement frame) =>
        frame.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());
}
