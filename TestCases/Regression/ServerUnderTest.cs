using ImServerTests.Config;
using ImServerTests.Server;
using ImServerTests.Server.Conversation;
using ImServerTests.Server.Faults;
using NUnit.Framework;

namespace ImServerTests.TestCases.Regression;

/// <summary>
/// Decides, once per run, which server the regression talks to: the one websocket.yml and the environment
/// variables name, or the embedded server started here on a free port. A bad setting stops every case here
/// with one message that says how to fix it.
/// </summary>
[SetUpFixture]
public sealed class ServerUnderTest
{
    /// <summary>Selects a fault of the embedded server; used by the fault proof, not in normal runs.</summary>
    public const string FaultVariable = "IMSERVER_EMBEDDED_FAULT";

    /// <summary>The embedded teacher's think time, MIN-MAX ms.</summary>
    public const string ReplyDelayVariable = "IMSERVER_EMBEDDED_REPLY_DELAY";

    private static ImServerSettings? _settings;
    private static Uri? _baseUrl;
    private static ImServer? _embedded;

    public static ImServerSettings Settings => _settings ?? throw NotStarted();

    public static Uri BaseUrl => _baseUrl ?? throw NotStarted();

    /// <summary>What the run talked to, for the report's environment: name, URL, embedded or remote.</summary>
    public static IReadOnlyDictionary<string, string> Describe()
    {
        var settings = _settings;
        if (settings is null)
        {
            try
            {
                settings = SettingsLoader.Load();
            }
            catch (ConfigurationException e)
            {
                return new Dictionary<string, string> { ["environment"] = "not loaded: " + e.Message.ReplaceLineEndings(" ") };
            }
        }

        return new Dictionary<string, string>
        {
            ["environment"] = settings.EnvironmentName,
            ["server.url"] = _baseUrl?.ToString() ?? settings.ServerUrl?.ToString() ?? "embedded (not started: no ImServer case ran)",
            ["server.kind"] = settings.IsEmbedded ? "embedded" : "remote",
            ["timeouts"] = settings.Environment.Timeouts.ToString(),
        };
    }

    [OneTimeSetUp]
    public Task StartAsync() => Reporting.SetUpFailures.RecordAsync(typeof(ServerUnderTest).Namespace!, StartServerAsync);

    private static async Task StartServerAsync()
    {
        _settings = SettingsLoader.Load();
        if (_settings.IsEmbedded)
        {
            _embedded = await ImServer.StartAsync(EmbeddedOptions()).ConfigureAwait(false);
            _baseUrl = _embedded.BaseUrl;
        }
        else
        {
            _baseUrl = _settings.ServerUrl!;
        }

        await TestContext.Progress.WriteLineAsync(
            $"ImServer regression against {_baseUrl} (environment {_settings.EnvironmentName}, {(_settings.IsEmbedded ? "embedded" : "remote")}; settings from {_settings.Source})")
            .ConfigureAwait(false);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync().ConfigureAwait(false);
            _embedded = null;
        }
    }

    private static ImServerOptions EmbeddedOptions()
    {
        var options = Environment.GetEnvironmentVariable(FaultVariable) is { Length: > 0 } fault
            ? new ImServerOptions { Fault = FaultCatalogue.Named(fault) }
            : new ImServerOptions();
        return Environment.GetEnvironmentVariable(ReplyDelayVariable) is { Length: > 0 } delay
            ? options with { ReplyDelay = ThinkTime.Parse(delay) }
            : options;
    }

    private static InvalidOperationException NotStarted() =>
        new("The server under test is not set up: regression fixtures must live in the ImServerTests.TestCases.Regression namespace.");
}
