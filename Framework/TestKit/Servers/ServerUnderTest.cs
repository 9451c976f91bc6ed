using ImServerTests.Api;
using ImServerTests.Api.Timing;
using ImServerTests.Client;
using ImServerTests.Config;
using ImServerTests.Conformance;
using ImServerTests.Shared;

namespace ImServerTests.TestKit.Servers;

/// <summary>
/// Starts the embedded server of a run with what the run decided (its fault by name, its think time MIN-MAX ms, its
/// message limit in characters): the seam through which the regression and the tools hand in ImServerTests.Server's
/// <c>EmbeddedServer.StartAsync</c>, which this library must not reference. It answers where the server listens and
/// what stops it. A value it cannot use is an <see cref="ArgumentException"/> naming the parameter.
/// </summary>
public delegate Task<(Uri BaseUrl, IAsyncDisposable Running)> EmbeddedServerStart(string? fault, string? replyDelay, int maxMessageChars, CancellationToken cancellationToken);

/// <summary>
/// The server a run talks to and the settings it runs with, decided here, in one place, for the regression, Load, the
/// fault proof and the benchmarks: websocket.yml and the variables (IMSERVER_URL, IMSERVER_ENV, ...: variable > file >
/// default) name a server, or the embedded one is started for the run with IMSERVER_EMBEDDED_FAULT's fault,
/// IMSERVER_EMBEDDED_REPLY_DELAY's think time and the environment's message limit. SettingsLoader, SuiteFiles and
/// ContractFile read the files it names; nothing else reads these variables. Owns what every connection needs (the environment's headers, query,
/// subprotocols, TLS trust and timeouts), the contract every frame is checked against, and the user ids
/// ({prefix}-{12 hex}). Disposing it stops the embedded server, if it started one.
/// </summary>
public sealed class ServerUnderTest : IAsyncDisposable
{
    private const int RandomLength = 12;

    private readonly IAsyncDisposable? _embedded;
    private readonly Func<CancellationToken, Task<(Uri BaseUrl, IAsyncDisposable Running)>>? _startAnother;

    private ServerUnderTest(
        ImServerSettings settings, Uri baseUrl, Contract contract, IAsyncDisposable? embedded, string shownContract,
        Func<CancellationToken, Task<(Uri BaseUrl, IAsyncDisposable Running)>>? startAnother = null)
    {
        _startAnother = startAnother;
        Settings = settings;
        BaseUrl = baseUrl;
        Contract = contract;
        _embedded = embedded;
        Connection = ConnectionOf(settings.Environment);
        Facts = FactsOf(settings, shownContract);
    }

    public ImServerSettings Settings { get; }

    /// <summary>ws://HOST:PORT/pinter/imserver: the named server's, or the embedded server's on its free port.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The AsyncAPI contract every received frame is checked against (IMSERVER_CONTRACT, else the suite's).</summary>
    public Contract Contract { get; }

    /// <summary>What every connection carries and how it trusts the server.</summary>
    public ConnectionOptions Connection { get; }

    /// <summary>No server was named, so this run started the embedded one.</summary>
    public bool IsEmbedded => _embedded is not null;

    public TimeSpan QuietWindow => Settings.QuietWindow;

    /// <summary>What a report says about this server and its settings (environment, server.kind, timeouts, contract, tls); see <see cref="RecordRunFacts"/>.</summary>
    public IReadOnlyDictionary<string, string> Facts { get; }

    /// <summary>One line for a run's log: the server, the environment, embedded or remote, and where the settings came from.</summary>
    public string Description => Secrets.Mask(
        $"{BaseUrl} (environment {Settings.EnvironmentName}, {(IsEmbedded ? "embedded" : "remote")}; settings from {Settings.Source})");

    /// <summary>A warning a person must read before trusting the run (tls.insecure), else null.</summary>
    public string? Warning => Settings.Environment.Tls.Insecure
        ? $"WARNING: environment {Settings.EnvironmentName} has tls.insecure: true, so ANY certificate is accepted and the connection can be intercepted. Use tls.caFile instead."
        : null;

    /// <summary>Opens the server of this process's environment variables.</summary>
    public static Task<ServerUnderTest> OpenAsync(EmbeddedServerStart startEmbedded, CancellationToken cancellationToken) =>
        OpenAsync(Environment.GetEnvironmentVariable, SuiteFiles.OfThisRun(), startEmbedded, cancellationToken);

    /// <summary>
    /// Reads the settings and the contract as <paramref name="variables"/> say, and starts the embedded server only
    /// when no server is named. A bad setting is a <see cref="ConfigurationException"/> (or the contract's
    /// <see cref="ContractException"/>) that says how to fix it.
    /// </summary>
    public static async Task<ServerUnderTest> OpenAsync(
        Func<string, string?> variables, SuiteFiles files, EmbeddedServerStart startEmbedded, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(startEmbedded);
        var settings = SettingsLoader.Load(variables, files);

        // The contract compiles while the embedded server starts: both take a moment, neither needs the other.
        var contract = Task.Run(() => ContractFile.Load(variables, files), cancellationToken);
        (Uri BaseUrl, IAsyncDisposable Running)? embedded = null;
        try
        {
            if (settings.IsEmbedded)
            {
                embedded = await StartEmbeddedAsync(startEmbedded, variables, settings, cancellationToken).ConfigureAwait(false);
            }

            var loaded = await contract.ConfigureAwait(false);
            return new ServerUnderTest(settings, embedded?.BaseUrl ?? settings.ServerUrl!, loaded, embedded?.Running, files.Shown(loaded.Source),
                settings.IsEmbedded ? stop => StartEmbeddedAsync(startEmbedded, variables, settings, stop) : null);
        }
        catch
        {
            if (embedded is { Running: var running })
            {
                await running.DisposeAsync().ConfigureAwait(false);
            }

            await Task.WhenAny(contract).ConfigureAwait(false); // its failure, if any, is not the one to report
            throw;
        }
    }

    /// <summary>The connection options an environment asks for: its headers, query, subprotocols, TLS trust and connect timeout.</summary>
    public static ConnectionOptions ConnectionOf(ServerEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new ConnectionOptions
        {
            ConnectTimeout = environment.Timeouts.Connect,
            Headers = environment.Headers,
            Query = environment.Query,
            Subprotocols = environment.Subprotocols,
            TrustedCertificates = environment.Tls.CaFile is { } ca ? TlsTrust.Load(ca) : null,
            AcceptAnyCertificate = environment.Tls.Insecure,
        };
    }

    /// <summary>
    /// Starts another embedded server like this run's (its fault, think time and message limit), for a run that may stop
    /// the server it talks to (a fuzz run, whose input can take a faulty server down) without stopping the run's own.
    /// </summary>
    public Task<(Uri BaseUrl, IAsyncDisposable Running)> StartAnotherEmbeddedAsync(CancellationToken cancellationToken) =>
        _startAnother?.Invoke(cancellationToken) ?? throw new InvalidOperationException($"the run talks to {BaseUrl}, not to an embedded server it started, so it cannot start another");

    /// <summary>A user id no other user of any run has: {prefix}-{12 random hex digits}.</summary>
    public static string NewUserId(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        return $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 1 + RandomLength)];
    }

    /// <summary>A user id no other user of any run has, with websocket.yml's userIdPrefix.</summary>
    public string NewUserId() => NewUserId(Settings.UserIdPrefix);

    /// <summary>
    /// A clock for one conversation's connections, with the environment's budgets (websocket.yml's budgets) and its
    /// clock tolerance (server.clockToleranceMs) for the timestamps of the frames the server makes.
    /// </summary>
    public SendClock NewClock()
    {
        return new SendClock(
            new AnswerBudgets(Settings.Budgets, Settings.EnvironmentName),
            new ClockTolerance(Settings.Server.ClockTolerance, $"environment {Settings.EnvironmentName}"));
    }

    /// <summary>
    /// Connects as <paramref name="userId"/> with the environment's options, checking every frame against the contract
    /// and its latency against the environment's budgets.
    /// </summary>
    public Task<ImServerApi> ConnectAsync(string userId, CancellationToken cancellationToken) => ConnectAsync(BaseUrl, userId, NewClock(), cancellationToken);

    /// <summary>As <see cref="ConnectAsync(string, CancellationToken)"/>, as one connection of a conversation that shares <paramref name="clock"/>.</summary>
    public Task<ImServerApi> ConnectAsync(string userId, SendClock clock, CancellationToken cancellationToken) => ConnectAsync(BaseUrl, userId, clock, cancellationToken);

    /// <summary>As <see cref="ConnectAsync(string, SendClock, CancellationToken)"/>, with other connection options (see <see cref="Connection"/>).</summary>
    public Task<ImServerApi> ConnectAsync(string userId, SendClock clock, ConnectionOptions options, CancellationToken cancellationToken) =>
        ImServerApi.ConnectAsync(BaseUrl, userId, options, Settings.ReceiveTimeout, Contract, clock, cancellationToken);

    /// <summary>As <see cref="ConnectAsync(string, SendClock, CancellationToken)"/>, to another server of the run (one started with other options).</summary>
    public Task<ImServerApi> ConnectAsync(Uri baseUrl, string userId, SendClock clock, CancellationToken cancellationToken) =>
        ImServerApi.ConnectAsync(baseUrl, userId, Connection, Settings.ReceiveTimeout, Contract, clock, cancellationToken);

    /// <summary>
    /// States <see cref="Facts"/> for the report. Only the regression calls this, so specs and tools never put
    /// their servers in a report; the servers the cases used are stated as they connect.
    /// </summary>
    public void RecordRunFacts()
    {
        foreach (var (key, value) in Facts)
        {
            RunFacts.Set(key, value);
        }
    }

    /// <summary>States, for the report, that the settings did not load and why.</summary>
    public static void RecordNotLoaded(Exception problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        RunFacts.Set("environment", "not loaded: " + problem.Message);
    }

    public async ValueTask DisposeAsync()
    {
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync().ConfigureAwait(false);
        }
    }

    // The embedded server's refusal of a value (an unknown fault, a bad delay) is a setting to fix, named as the user set it.
    private static async Task<(Uri BaseUrl, IAsyncDisposable Running)> StartEmbeddedAsync(
        EmbeddedServerStart start, Func<string, string?> variables, ImServerSettings settings, CancellationToken cancellationToken)
    {
        var fault = variables(EnvironmentVariables.EmbeddedFault);
        var replyDelay = variables(EnvironmentVariables.EmbeddedReplyDelay);
        try
        {
            return await start(fault, replyDelay, settings.Server.MaxMessageChars, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e) when (e.GetType() == typeof(ArgumentException))
        {
            var setting = e.ParamName switch
            {
                "fault" => $"environment variable {EnvironmentVariables.EmbeddedFault}",
                "replyDelay" => $"environment variable {EnvironmentVariables.EmbeddedReplyDelay}",
                "maxMessageChars" => $"{settings.Source}: server.maxMessageChars of environment {settings.EnvironmentName}",
                _ => "the embedded server's options",
            };
            var reason = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
            throw new ConfigurationException($"{setting} is {reason}", e);
        }
    }

    private static Dictionary<string, string> FactsOf(ImServerSettings settings, string shownContract) => new(StringComparer.Ordinal)
    {
        ["environment"] = settings.EnvironmentName,
        ["server.kind"] = settings.IsEmbedded ? "embedded" : "remote",
        ["timeouts"] = settings.Environment.Timeouts.ToString(),
        ["contract"] = shownContract,
        ["tls"] = settings.Environment.Tls switch
        {
            { Insecure: true } => "INSECURE: any certificate is accepted (tls.insecure: true)",
            { CaFile: { } ca } => $"trusting the CA in {Path.GetFileName(ca)}",
            _ => "the system's roots",
        },
    };
}
