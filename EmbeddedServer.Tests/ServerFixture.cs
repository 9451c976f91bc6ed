using System.Text.Json;

namespace ImServerTests.EmbeddedServer.Tests;

/// <summary>Starts one embedded server per fixture, with no think time, and opens raw connections to it.</summary>
public abstract class ServerFixture
{
    private readonly List<RawConnection> _connections = [];
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

    [TearDown]
    public async Task CloseConnectionsAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        _connections.Clear();
    }

    protected static string NewUser() => "server-test-" + Guid.NewGuid().ToString("N")[..12];

    internal async Task<RawConnection> OpenAsync(string? userId = null)
    {
        var connection = await RawConnection.OpenAsync(BaseUrl, userId ?? NewUser());
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
