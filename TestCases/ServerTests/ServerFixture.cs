using System.Text.Json;
using ImServerTests.Server;
using ImServerTests.Server.Conversation;
using NUnit.Framework;

namespace ImServerTests.TestCases.ServerTests;

/// <summary>Starts one embedded server per fixture, with no think time, and opens raw connections to it.</summary>
public abstract class ServerFixture
{
    private readonly List<RawConnection> _connections = [];
    private ImServer? _server;

    protected Uri BaseUrl => _server!.BaseUrl;

    protected ImServer Server => _server!;

    protected virtual ImServerOptions Options => new() { ReplyDelay = ThinkTime.None };

    [OneTimeSetUp]
    public async Task StartServerAsync() => _server = await ImServer.StartAsync(Options).ConfigureAwait(false);

    [OneTimeTearDown]
    public async Task StopServerAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    [TearDown]
    public async Task CloseConnectionsAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _connections.Clear();
    }

    protected static string NewUser() => "server-test-" + Guid.NewGuid().ToString("N")[..12];

    internal async Task<RawConnection> OpenAsync(string? userId = null)
    {
        var connection = await RawConnection.OpenAsync(BaseUrl, userId ?? NewUser()).ConfigureAwait(false);
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
        var connection = await OpenAsync().ConfigureAwait(false);
        await connection.SendJsonAsync(new { type = "match", from = connection.UserId, to = "system" }).ConfigureAwait(false);
        var reply = (await connection.ReceiveAsync().ConfigureAwait(false))!.Value;
        return (connection, reply.Field("msg"));
    }

    internal static object Normal(RawConnection from, string to, string? msg) => new { msgId = "111", type = "normal", from = from.UserId, to, msg };

    internal static Dictionary<string, string> Fields(JsonElement frame) =>
        frame.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());
}
