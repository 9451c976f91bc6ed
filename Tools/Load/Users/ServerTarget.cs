using ImServerTests.Client;
using ImServerTests.Config;
using ImServerTests.Conformance;
using ImServerTests.Server;

namespace ImServerTests.Load.Users;

/// <summary>
/// The server a load run talks to, chosen as the regression chooses it: websocket.yml and the environment
/// variables (IMSERVER_URL, IMSERVER_ENV, ...), or the embedded server started for the run. Connects users with the
/// environment's headers, TLS trust and timeouts, and checks every frame against the contract.
/// </summary>
public sealed class ServerTarget : IAsyncDisposable
{
    private readonly ConnectionOptions _connection;
    private readonly ImServer? _embedded;

    private ServerTarget(ImServerSettings settings, Uri baseUrl, Contract contract, ImServer? embedded)
    {
        Settings = settings;
        BaseUrl = baseUrl;
        Contract = contract;
        _embedded = embedded;
        var environment = settings.Environment;
        _connection = new ConnectionOptions
        {
            ConnectTimeout = environment.Timeouts.Connect,
            Headers = environment.Headers,
            Query = environment.Query,
            Subprotocols = environment.Subprotocols,
            TrustedCertificates = environment.Tls.CaFile is { } ca ? TlsTrust.Load(ca) : null,
            AcceptAnyCertificate = environment.Tls.Insecure,
        };
    }

    public ImServerSettings Settings { get; }

    public Uri BaseUrl { get; }

    public Contract Contract { get; }

    public bool IsEmbedded => _embedded is not null;

    public TimeSpan QuietWindow => Settings.QuietWindow;

    public static async Task<ServerTarget> OpenAsync(CancellationToken cancellationToken)
    {
        var settings = SettingsLoader.Load();
        var contract = ContractFile.Load();
        if (!settings.IsEmbedded)
        {
            return new ServerTarget(settings, settings.ServerUrl!, contract, null);
        }

        var embedded = await ImServer.StartAsync(new ImServerOptions(), cancellationToken);
        return new ServerTarget(settings, embedded.BaseUrl, contract, embedded);
    }

    /// <summary>A user id no other user of any run has: {prefix}-{random}.</summary>
    public string NewUserId() => $"{Settings.UserIdPrefix}-{Guid.NewGuid():N}"[..(Settings.UserIdPrefix.Length + 13)];

    public Task<ImServerApi> ConnectAsync(string userId, CancellationToken cancellationToken) =>
        ImServerApi.ConnectAsync(BaseUrl, userId, _connection, Settings.ReceiveTimeout, Contract, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
        }
    }
}
