using ImServerTests.Client;
using ImServerTests.Config;
using ImServerTests.Conformance;
using ImServerTests.Server;
using ImServerTests.Server.Conversation;
using ImServerTests.Server.Faults;

namespace ImServerTests.TestCases;

/// <summary>
/// Decides, once per run, which server the regression talks to: the one websocket.yml and the environment
/// variables name, or the embedded server started here on a free port. A bad setting stops every case here
/// with one message that says how to fix it.
/// </summary>
[SetUpFixture]
public sealed class ServerUnderTest
{
    private static ImServerSettings? _settings;
    private static Contract? _contract;
    private static Uri? _baseUrl;
    private static ImServer? _embedded;

    public static ImServerSettings Settings => _settings ?? throw NotStarted();

    public static Uri BaseUrl => _baseUrl ?? throw NotStarted();

    /// <summary>What every connection carries and how it trusts the server: the environment's headers, query, subprotocols and TLS.</summary>
    public static ConnectionOptions Connection { get; private set; } = new();

    /// <summary>The AsyncAPI contract every received frame is checked against (IMSERVER_CONTRACT, else contract/).</summary>
    public static Contract Contract => _contract ?? throw NotStarted();

    [OneTimeSetUp]
    public Task StartAsync() => StartServerAsync();

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
            _embedded = null;
        }
    }

    private static async Task StartServerAsync()
    {
        try
        {
            _settings = SettingsLoader.Load();
        }
        catch (ConfigurationException e)
        {
            RunFacts.Set("environment", "not loaded: " + e.Message);
            throw;
        }

        // The contract compiles while the embedded server starts: both take a moment, neither needs the other.
        var contract = Task.Run(ContractFile.Load);
        Connection = ConnectionOf(_settings.Environment);
        if (_settings.IsEmbedded)
        {
            _embedded = await ImServer.StartAsync(EmbeddedOptions());
            _baseUrl = _embedded.BaseUrl;
        }
        else
        {
            _baseUrl = _settings.ServerUrl!;
        }

        _contract = await contract;

        RunFacts.Set("environment", _settings.EnvironmentName);
        RunFacts.Set("server.kind", _settings.IsEmbedded ? "embedded" : "remote");
        // server.url comes from the connections the cases open (ImServerFixture), so the report names the servers they used.
        RunFacts.Set("timeouts", _settings.Environment.Timeouts.ToString());
        RunFacts.Set("contract", Path.GetRelativePath(Shared.RepositoryRoot.Find(), _contract.Source));
        RunFacts.Set("tls", _settings.Environment.Tls switch
        {
            { Insecure: true } => "INSECURE: any certificate is accepted (tls.insecure: true)",
            { CaFile: { } ca } => $"trusting the CA in {Path.GetFileName(ca)}",
            _ => "the system's roots",
        });
        await TestContext.Progress.WriteLineAsync(Shared.Secrets.Mask(
            $"ImServer regression against {_baseUrl} (environment {_settings.EnvironmentName}, {(_settings.IsEmbedded ? "embedded" : "remote")}; settings from {_settings.Source})"));
        if (_settings.Environment.Tls.Insecure)
        {
            await TestContext.Progress.WriteLineAsync(
                $"WARNING: environment {_settings.EnvironmentName} has tls.insecure: true, so ANY certificate is accepted and the connection can be intercepted. Use tls.caFile instead.");
        }
    }

    private static ConnectionOptions ConnectionOf(ServerEnvironment environment) => new()
    {
        ConnectTimeout = environment.Timeouts.Connect,
        Headers = environment.Headers,
        Query = environment.Query,
        Subprotocols = environment.Subprotocols,
        TrustedCertificates = environment.Tls.CaFile is { } ca ? TlsTrust.Load(ca) : null,
        AcceptAnyCertificate = environment.Tls.Insecure,
    };

    private static ImServerOptions EmbeddedOptions()
    {
        var options = Environment.GetEnvironmentVariable(EnvironmentVariables.EmbeddedFault) is { Length: > 0 } fault
            ? new ImServerOptions { Fault = FaultCatalogue.Named(fault) }
            : new ImServerOptions();
        return Environment.GetEnvironmentVariable(EnvironmentVariables.EmbeddedReplyDelay) is { Length: > 0 } delay
            ? options with { ReplyDelay = ThinkTime.Parse(delay) }
            : options;
    }

    private static InvalidOperationException NotStarted() =>
        new("The server under test is not set up: regression fixtures must live in the ImServerTests.TestCases namespace or below it.");
}
