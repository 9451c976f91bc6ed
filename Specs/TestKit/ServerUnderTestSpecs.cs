using ImServerTests.Config;
using ImServerTests.Server;
using ImServerTests.Server.Faults;
using ImServerTests.TestKit.Servers;

namespace ImServerTests.Specs.TestKit;

/// <summary>
/// The one server under test of the regression, Load, the fault proof and the benchmarks: embedded unless a server
/// is named, connections as the environment asks, user ids that never collide, and a bad embedded fault refused
/// with the names allowed.
/// </summary>
[AllureEpic("Test kit")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("The server under test")]
public sealed class ServerUnderTestSpecs
{
    private const string Settings = """
        environment: embedded
        userIdPrefix: team-a
        environments:
          embedded:
            url: embedded
          staging:
            url: wss://im.example.test/pinter/imserver
            timeouts: { connectSeconds: 2 }
            headers: { Authorization: "Bearer ${env:TEAM_TOKEN}" }
            query: { room: "7" }
            subprotocols: [chat]
            tls: { insecure: true }
        """;

    private TemporaryFolder _folder = null!;
    private SuiteFiles _files = null!;
    private FakeStart _start = null!;

    [SetUp]
    public void MakeBinariesFolder()
    {
        _folder = TemporaryFolder.Create("server-under-test-specs-");
        File.WriteAllText(Path.Combine(_folder.Path, SuiteFiles.SettingsPath), Settings);
        var contract = Path.Combine(_folder.Path, SuiteFiles.ContractPath);
        Directory.CreateDirectory(Path.GetDirectoryName(contract)!);
        File.Copy(SuiteFiles.OfThisRun().Contract(_ => null), contract);
        _files = new SuiteFiles(_folder.Path, null, _folder.Path);
        _start = new FakeStart();
    }

    [TearDown]
    public void RemoveBinariesFolder() => _folder.Dispose();

    [Test]
    public void A_user_id_is_the_prefix_a_dash_and_twelve_random_hex_digits_never_twice()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => ServerUnderTest.NewUserId("team-a")).ToList();

        ids.Should().AllSatisfy(id => id.Should().MatchRegex("^team-a-[0-9a-f]{12}$"));
        ids.Should().OnlyHaveUniqueItems();
    }

    [Test]
    public async Task Without_a_named_server_the_embedded_one_is_started_as_the_run_asks_and_stopped_at_the_end()
    {
        var variables = Variables((EnvironmentVariables.EmbeddedFault, "msgid-not-uuid"), (EnvironmentVariables.EmbeddedReplyDelay, "5-9"));

        var server = await ServerUnderTest.OpenAsync(variables, _files, _start.StartAsync, CancellationToken.None);
        await using (server)
        {
            server.IsEmbedded.Should().BeTrue();
            server.BaseUrl.Should().Be(FakeStart.Url);
            _start.Asked.Should().Be(("msgid-not-uuid", "5-9", 8192), "the embedded server gets the run's fault, think time and the environment's message limit");
            server.NewUserId().Should().MatchRegex("^team-a-[0-9a-f]{12}$", "the prefix is websocket.yml's");
            server.Facts.Should().Contain(new Dictionary<string, string>
            {
                ["environment"] = "embedded",
                ["server.kind"] = "embedded",
                ["contract"] = Path.Combine("contract", "imserver.asyncapi.yaml"),
            });
        }

        _start.Stopped.Should().BeTrue();
    }

    [Test]
    public async Task IMSERVER_URL_names_the_server_and_nothing_is_started()
    {
        await using var server = await ServerUnderTest.OpenAsync(
            Variables((EnvironmentVariables.Url, "ws://10.0.0.9:9088/pinter/imserver")), _files, _start.StartAsync, CancellationToken.None);

        server.IsEmbedded.Should().BeFalse();
        server.BaseUrl.Should().Be(new Uri("ws://10.0.0.9:9088/pinter/imserver"));
        server.Facts["server.kind"].Should().Be("remote");
        _start.Calls.Should().Be(0);
    }

    [Test]
    public async Task IMSERVER_ENV_chooses_an_environment_whose_connections_carry_its_headers_query_subprotocols_and_tls()
    {
        await using var server = await ServerUnderTest.OpenAsync(
            Variables((EnvironmentVariables.Environment, "staging"), ("TEAM_TOKEN", "s3cret")), _files, _start.StartAsync, CancellationToken.None);

        _start.Calls.Should().Be(0);
        server.BaseUrl.Should().Be(new Uri("wss://im.example.test/pinter/imserver"));
        server.Connection.ConnectTimeout.Should().Be(TimeSpan.FromSeconds(2));
        server.Connection.Headers.Should().Equal(new Dictionary<string, string> { ["Authorization"] = "Bearer s3cret" });
        server.Connection.Query.Should().Equal(new Dictionary<string, string> { ["room"] = "7" });
        server.Connection.Subprotocols.Should().Equal("chat");
        server.Connection.AcceptAnyCertificate.Should().BeTrue();
        server.Connection.TrustedCertificates.Should().BeNull();
        server.Facts["tls"].Should().Be("INSECURE: any certificate is accepted (tls.insecure: true)");
        server.Warning.Should().Be(
            "WARNING: environment staging has tls.insecure: true, so ANY certificate is accepted and the connection can be intercepted. Use tls.caFile instead.");
    }

    [Test]
    public void The_connection_options_of_an_environment_are_its_own()
    {
        var environment = new ServerEnvironment("e", new Uri("ws://h/pinter/imserver"), Timeouts.Default with { Connect = TimeSpan.FromSeconds(3) })
        {
            Headers = new Dictionary<string, string> { ["X-Team"] = "a" },
            Subprotocols = ["v1"],
        };

        var options = ServerUnderTest.ConnectionOf(environment);

        options.Should().BeEquivalentTo(new { ConnectTimeout = TimeSpan.FromSeconds(3), Headers = environment.Headers, Query = new Dictionary<string, string>(), Subprotocols = new[] { "v1" }, AcceptAnyCertificate = false });
        options.TrustedCertificates.Should().BeNull("without tls.caFile the system's roots are trusted");
    }

    [Test]
    public async Task An_unknown_embedded_fault_is_refused_naming_the_variable_the_value_and_every_fault_allowed()
    {
        var open = () => ServerUnderTest.OpenAsync(
            Variables((EnvironmentVariables.EmbeddedFault, "no-such-fault")), _files, EmbeddedServer.StartAsync, CancellationToken.None);

        await open.Should().ThrowAsync<ConfigurationException>().WithMessage(
            "environment variable IMSERVER_EMBEDDED_FAULT is 'no-such-fault', which names no fault of the embedded server; allowed: "
            + string.Join(", ", FaultCatalogue.All.Select(f => f.Name)) + " (unset it for the correct server).");
    }

    [Test]
    public async Task An_unreadable_embedded_think_time_is_refused_naming_the_variable_and_the_form_allowed()
    {
        var open = () => ServerUnderTest.OpenAsync(
            Variables((EnvironmentVariables.EmbeddedReplyDelay, "3-1")), _files, EmbeddedServer.StartAsync, CancellationToken.None);

        await open.Should().ThrowAsync<ConfigurationException>().WithMessage(
            "environment variable IMSERVER_EMBEDDED_REPLY_DELAY is '3-1': reply delay '3-1' is not MIN-MAX in milliseconds with MIN <= MAX (for example 1000-3000, or 0 for no delay).");
    }

    [Test]
    public async Task A_bad_setting_stops_the_run_before_any_server_starts()
    {
        var open = () => ServerUnderTest.OpenAsync(
            Variables((EnvironmentVariables.Environment, "nowhere")), _files, _start.StartAsync, CancellationToken.None);

        await open.Should().ThrowAsync<ConfigurationException>().WithMessage("environment variable IMSERVER_ENV is 'nowhere'*allowed: embedded, staging.");
        _start.Calls.Should().Be(0);
    }

    private static Func<string, string?> Variables(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    // Stands for ImServerTests.Server's EmbeddedServer.StartAsync: says what it was asked, starts nothing.
    private sealed class FakeStart
    {
        public static readonly Uri Url = new("ws://127.0.0.1:1/pinter/imserver");

        private readonly FakeServer _server = new();

        public int Calls { get; private set; }

        public (string? Fault, string? ReplyDelay, int MaxMessageChars)? Asked { get; private set; }

        public bool Stopped => _server.Stopped;

        public Task<(Uri BaseUrl, IAsyncDisposable Running)> StartAsync(string? fault, string? replyDelay, int maxMessageChars, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Calls++;
            Asked = (fault, replyDelay, maxMessageChars);
            return Task.FromResult<(Uri, IAsyncDisposable)>((Url, _server));
        }

        private sealed class FakeServer : IAsyncDisposable
        {
            public bool Stopped { get; private set; }

            public ValueTask DisposeAsync()
            {
                Stopped = true;
                return ValueTask.CompletedTask;
            }
        }
    }
}
