using ImServerTests.Config;

namespace ImServerTests.Specs.Config;

[AllureEpic("Config")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("websocket.yml and variables")]
public sealed class SettingsLoaderSpecs
{
    private const string Valid = """
        environment: embedded
        timeouts:
          connectSeconds: 3
          receiveSeconds: 7.5
        userIdPrefix: team-a
        environments:
          embedded:
            url: embedded
          staging:
            url: wss://im.example.test/pinter/imserver
        """;

    private static readonly Func<string, string?> NoVariables = _ => null;

    [Test]
    public void The_shipped_websocket_yml_loads_and_defaults_to_the_embedded_server()
    {
        var settings = SettingsLoader.Load(Path.Combine(AppContext.BaseDirectory, SettingsLoader.FileName), NoVariables);

        settings.IsEmbedded.Should().BeTrue();
        settings.EnvironmentNames.Should().Contain(["embedded", "pinter", "staging"]);
        settings.Environment.Timeouts.Should().Be(new Timeouts(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(0.3)));
        settings.Server.Should().Be(new ServerProfile(8192, TimeSpan.FromSeconds(1)), "the embedded server takes the real server's 8,192 characters, on this machine's clock");
        settings.Budgets.Should().Be(Budgets.Default.With(Budgets.MatchReply, Ms(500)).With(Budgets.Receipt, Ms(500)).With(Budgets.Relay, Ms(500)).With(Budgets.TeacherReply, Ms(1000))
            .With(Budgets.Pong, Ms(500)), "the embedded server answers in milliseconds");
        var pinter = SettingsLoader.Load(Path.Combine(AppContext.BaseDirectory, SettingsLoader.FileName), n => n == EnvironmentVariables.Environment ? "pinter" : null);
        pinter.QuietWindow.Should().BeGreaterThan(TimeSpan.FromSeconds(3),
            "the real teacher thinks up to 3 s: a shorter quiet window would miss a late reply");
        pinter.Budgets.Should().Be(Budgets.Default, "an environment without budgets gets the file's, sized for the real server");
        pinter.Budgets[Budgets.TeacherReply].Should().BeGreaterThan(TimeSpan.FromSeconds(3.5), "3 s of thinking and a 500 ms round trip must keep the budget");
        pinter.Budgets[Budgets.Receipt].Should().BeGreaterThan(TimeSpan.FromMilliseconds(500)).And.BeLessThan(TimeSpan.FromSeconds(3), "a receipt 3 s late is a defect");
    }

    [Test]
    public void The_fuzz_budget_is_the_files_unless_a_variable_says_otherwise()
    {
        const string yaml = "fuzz: { seconds: 12 }\nenvironments:\n  e:\n    url: embedded";

        var file = SettingsLoader.Parse(yaml, "f.yml", NoVariables);
        var overridden = SettingsLoader.Parse(yaml, "f.yml", n => n switch
        {
            EnvironmentVariables.FuzzSeconds => "3",
            EnvironmentVariables.FuzzShrinkSeconds => "4.5",
            _ => null,
        });

        file.Fuzz.Should().Be(new FuzzBudget(TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(60)));
        overridden.Fuzz.Should().Be(new FuzzBudget(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4.5)));
        overridden.Source.Should().Be("f.yml + IMSERVER_FUZZ_SECONDS + IMSERVER_FUZZ_SHRINK_SECONDS");
        FuzzBudget.Default.ToString().Should().Be("search 40 s, shrink 60 s");
        SettingsLoader.Load(NoVariables).Fuzz.Should().Be(FuzzBudget.Default, "the shipped websocket.yml gives the defaults");
    }

    [Test]
    public void A_fuzz_budget_that_is_no_number_of_seconds_is_refused_naming_the_key_or_the_variable()
    {
        var key = () => SettingsLoader.Parse("fuzz: { shrinkSeconds: 0 }\nenvironments:\n  e:\n    url: embedded", "f.yml", NoVariables);
        var unknown = () => SettingsLoader.Parse("fuzz: { minutes: 1 }\nenvironments:\n  e:\n    url: embedded", "f.yml", NoVariables);
        var variable = () => SettingsLoader.Parse("environments:\n  e:\n    url: embedded", "f.yml", n => n == EnvironmentVariables.FuzzSeconds ? "soon" : null);

        key.Should().Throw<ConfigurationException>().WithMessage("f.yml: key 'fuzz.shrinkSeconds' is '0': use a number of seconds above 0 and at most 600.");
        unknown.Should().Throw<ConfigurationException>().WithMessage("*fuzz.minutes*");
        variable.Should().Throw<ConfigurationException>().WithMessage("environment variable IMSERVER_FUZZ_SECONDS is 'soon': use a number of seconds above 0 and at most 600.");
    }

    [Test]
    public void A_server_named_by_its_url_gets_the_files_top_level_budgets()
    {
        var settings = SettingsLoader.Parse("budgets: { receiptMs: 700 }\nenvironments:\n  e:\n    url: embedded\n    budgets: { receiptMs: 50 }", "b.yml",
            n => n == EnvironmentVariables.Url ? "ws://h:1/pinter/imserver" : null);

        settings.Budgets.Should().Be(Budgets.Default.With(Budgets.Receipt, Ms(700)));
    }

    [Test]
    public void The_server_profile_is_the_files_unless_an_environment_says_otherwise_and_a_server_by_url_gets_the_files()
    {
        const string yaml = "server: { maxMessageChars: 4096 }\nenvironments:\n  e:\n    url: embedded\n    server: { clockToleranceMs: 20 }\n  f:\n    url: embedded";

        var e = SettingsLoader.Parse(yaml, "s.yml", NoVariables);
        var f = SettingsLoader.Parse(yaml, "s.yml", n => n == EnvironmentVariables.Environment ? "f" : null);
        var byUrl = SettingsLoader.Parse(yaml, "s.yml", n => n == EnvironmentVariables.Url ? "ws://h:1/pinter/imserver" : null);

        e.Server.Should().Be(new ServerProfile(4096, TimeSpan.FromMilliseconds(20)));
        f.Server.Should().Be(new ServerProfile(4096, ServerProfile.Default.ClockTolerance));
        byUrl.Server.Should().Be(f.Server, "a server named by its URL gets the file's top level");
        ServerProfile.Default.Should().Be(new ServerProfile(8192, TimeSpan.FromSeconds(10)), "the real server's Tomcat takes 8,192 characters");
        e.Server.ToString().Should().Be("messages up to 4096 characters, clock within 20 ms");
    }

    [Test]
    public void A_receive_timeout_variable_shorter_than_a_budget_is_named_as_what_to_raise()
    {
        var load = () => SettingsLoader.Parse("environments:\n  e:\n    url: embedded", "b.yml", n => n == EnvironmentVariables.ReceiveTimeout ? "2" : null);

        load.Should().Throw<ConfigurationException>().Which.Message.Should()
            .ContainAll("budget 'teacherReplyMs' of environment 'e' is 4500 ms", "lower the budget (budgets.teacherReplyMs) or raise IMSERVER_RECEIVE_TIMEOUT");
    }

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Test]
    public void Values_are_read_from_the_file()
    {
        var settings = SettingsLoader.Parse(Valid, "test.yml", NoVariables);

        settings.Should().BeEquivalentTo(new
        {
            EnvironmentName = "embedded",
            ServerUrl = (Uri?)null,
            ConnectTimeout = TimeSpan.FromSeconds(3),
            ReceiveTimeout = TimeSpan.FromSeconds(7.5),
            QuietWindow = TimeSpan.FromSeconds(4),
            UserIdPrefix = "team-a",
        });
    }

    [Test]
    public void Variables_override_the_file()
    {
        var variables = new Dictionary<string, string?>
        {
            [EnvironmentVariables.Environment] = "staging",
            [EnvironmentVariables.ReceiveTimeout] = "20",
        };

        var settings = SettingsLoader.Parse(Valid, "test.yml", name => variables.GetValueOrDefault(name));

        settings.EnvironmentName.Should().Be("staging");
        settings.ServerUrl.Should().Be(new Uri("wss://im.example.test/pinter/imserver"));
        settings.ReceiveTimeout.Should().Be(TimeSpan.FromSeconds(20));
        settings.Source.Should().Contain("IMSERVER_ENV");
    }

    [Test]
    public void An_environment_overrides_the_top_level_timeouts_key_by_key()
    {
        const string yaml = """
            timeouts: { connectSeconds: 5, receiveSeconds: 10, quietSeconds: 4 }
            environments:
              fast:
                url: embedded
                timeouts: { quietSeconds: 0.5 }
            """;

        var settings = SettingsLoader.Parse(yaml, "test.yml", NoVariables);

        settings.Environment.Timeouts.Should().Be(new Timeouts(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(0.5)));
    }

    [Test]
    [Description("A server outside the file is treated like the real one: the top-level timeouts, not the chosen environment's fast ones.")]
    public void IMSERVER_URL_alone_gets_the_top_level_timeouts_and_with_IMSERVER_ENV_keeps_that_environments()
    {
        const string yaml = """
            timeouts: { quietSeconds: 4 }
            environment: fast
            environments:
              fast:
                url: embedded
                timeouts: { quietSeconds: 0.5 }
            """;
        var alone = new Dictionary<string, string?> { [EnvironmentVariables.Url] = "ws://h:1/pinter/imserver" };
        var withEnv = new Dictionary<string, string?> { [EnvironmentVariables.Url] = "ws://h:1/pinter/imserver", [EnvironmentVariables.Environment] = "fast" };

        var remote = SettingsLoader.Parse(yaml, "test.yml", n => alone.GetValueOrDefault(n));
        var named = SettingsLoader.Parse(yaml, "test.yml", n => withEnv.GetValueOrDefault(n));

        remote.QuietWindow.Should().Be(TimeSpan.FromSeconds(4));
        remote.EnvironmentName.Should().Be(EnvironmentVariables.Url);
        named.QuietWindow.Should().Be(TimeSpan.FromSeconds(0.5));
        named.ServerUrl.Should().Be(new Uri("ws://h:1/pinter/imserver"));
    }

    [Test]
    public void A_secured_environment_reads_headers_query_subprotocols_and_tls_with_values_from_the_environment()
    {
        var ca = Path.Combine(Path.GetTempPath(), $"ca-{Guid.NewGuid():N}.pem");
        using (var certificate = ImServerTests.Server.Security.SelfSignedCertificate.Create())
        {
            File.WriteAllText(ca, certificate.ExportCertificatePem());
        }

        try
        {
            var yaml = $$"""
                environment: staging
                environments:
                  staging:
                    url: wss://im.example.test/pinter/imserver
                    headers: { Authorization: "Bearer ${env:TEAM_TOKEN}" }
                    query: { token: "${env:TEAM_TOKEN}" }
                    subprotocols: [chat]
                    tls: { caFile: "{{ca}}", insecure: false }
                  other:
                    url: wss://other.example/pinter/imserver
                    headers: { Authorization: "Bearer ${env:NOT_SET_HERE}" }
                """;

            var settings = SettingsLoader.Parse(yaml, "team.yml", n => n == "TEAM_TOKEN" ? "s3cret-from-ci" : null);

            settings.Environment.Headers["Authorization"].Should().Be("Bearer s3cret-from-ci");
            settings.Environment.Query["token"].Should().Be("s3cret-from-ci");
            settings.Environment.Subprotocols.Should().Equal("chat");
            settings.Environment.Tls.Should().Be(new TlsSettings(ca, false));
            Secrets.Mask("Bearer s3cret-from-ci").Should().Be("Bearer ***", "a value from ${env:...} is a secret");
        }
        finally
        {
            File.Delete(ca);
        }
    }

    [TestCase("headers: { Authorization: \"Bearer ${env:MISSING_TOKEN}\" }", "environments.s.headers.Authorization", "MISSING_TOKEN is not set")]
    [TestCase("tls: { caFile: no-such-ca.pem }", "environments.s.tls.caFile", "file not found")]
    [TestCase("tls: { caFile: bad.yml }", "environments.s.tls.caFile", "not a PEM certificate")]
    [TestCase("tls: { insecure: maybe }", "environments.s.tls.insecure", "true or false")]
    [TestCase("tls: { ca: x }", "unknown key 'environments.s.tls.ca'", "caFile, insecure")]
    [TestCase("headers: { \"\": x }", "environments.s.headers", "an empty name")]
    [TestCase("headers: { \"Bad Name\": x }", "environments.s.headers", "a header name is letters")]
    [TestCase("subprotocols: chat", "environments.s.subprotocols", "must be a list")]
    public void A_bad_secured_environment_stops_naming_the_key_and_what_is_allowed(string line, string key, string allowed)
    {
        var folder = Directory.CreateTempSubdirectory("settings-");
        try
        {
            var path = Path.Combine(folder.FullName, "bad.yml");
            File.WriteAllText(path, $"environments:\n  s:\n    url: wss://h/pinter/imserver\n    {line}\n");

            var load = () => SettingsLoader.Load(path, NoVariables);

            load.Should().Throw<ConfigurationException>().Which.Message.Should().ContainAll("bad.yml", key, allowed);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Test]
    public void IMSERVER_URL_wins_over_any_environment()
    {
        var settings = SettingsLoader.Parse(Valid, "test.yml", name => name == EnvironmentVariables.Url ? "ws://10.0.0.1:9088/pinter/imserver" : null);

        settings.IsEmbedded.Should().BeFalse();
        settings.ServerUrl!.Port.Should().Be(9088);
    }

    [TestCase("environments: {}", "bad.yml: key 'environments' is empty: add at least one environment with a url.", "")]
    [TestCase("environments:\n  e: { timeouts: {} }", "bad.yml: key 'environments.e.url' is missing: use 'embedded' or ws://HOST:PORT/pinter/imserver.", "")]
    [TestCase("environments:\n  e: []", "bad.yml: key 'environments.e' at line 2 must be a mapping of keys to values.", "")]
    [TestCase("environments:\n  e:\n    url: embedded\n    headers: { \" \": x }", "bad.yml: key 'environments.e.headers' at line 4 has an empty name: a header name is letters", "")]
    [TestCase("environments:\n  e:\n    url: embedded\n    query: { \" \": x }", "bad.yml: key 'environments.e.query' at line 4 has an empty name: a query parameter needs a name (for example token).", "")]
    [TestCase("environments:\n  e:\n    url: embedded\n    headers: { \"a b\": x }", "bad.yml: key 'environments.e.headers' at line 4 has the name 'a b': a header name", "")]
    [TestCase("environments:\n  e:\n    url: embedded\n    subprotocols: chat", "bad.yml: key 'environments.e.subprotocols' at line 4 must be a list, for example [chat].", "")]
    [TestCase("environments:\n  e:\n    url: embedded\n    subprotocols: [5]", "bad.yml: key 'environments.e.subprotocols[0]' at line 4 must be a non-empty text, not the number 5; quote it (\"5\") if it is meant as text.", "")]
    [TestCase("timeouts: { quietSeconds: 601 }\nenvironments:\n  e: { url: embedded }", "bad.yml: key 'timeouts.quietSeconds' is '601': use a number of seconds above 0 and at most 600.", "")]
    [TestCase("timeouts: { quietSeconds: 600 }\nenvironments:\n  e: { url: embedded }", "", "")]
    [TestCase("timeouts: []\nenvironments:\n  e: { url: embedded }", "bad.yml: key 'timeouts' at line 1 must be a mapping of keys to values.", "")]
    public void Each_problem_of_the_file_is_named_exactly(string yaml, string message, string unused)
    {
        _ = unused;
        var load = () => SettingsLoader.Parse(yaml, "bad.yml", NoVariables);

        if (message.Length == 0)
        {
            load.Should().NotThrow();
            return;
        }

        load.Should().Throw<ConfigurationException>().Which.Message.Should().StartWith(message);
    }

    [TestCase("environment: nowhere\nenvironments:\n  embedded:\n    url: embedded", "key 'environment' is 'nowhere'", "allowed: embedded")]
    [TestCase("environments:\n  prod:\n    url: http://x:1/pinter/imserver", "environments.prod.url", "ws:// or wss://")]
    [TestCase("environments:\n  prod:\n    host: x", "unknown key 'environments.prod.host'", "allowed here: url, timeouts, budgets, server, headers, query, subprotocols, tls")]
    [TestCase("server:\n  maxMessage: 100\nenvironments:\n  e:\n    url: embedded", "unknown key 'server.maxMessage'", "maxMessageChars, clockToleranceMs")]
    [TestCase("server:\n  maxMessageChars: 0\nenvironments:\n  e:\n    url: embedded", "key 'server.maxMessageChars' is 0", "a whole number of characters from 1 to 16777216 (the real server's is 8192)")]
    [TestCase("environments:\n  e:\n    url: embedded\n    server: { maxMessageChars: 8192.5 }", "key 'environments.e.server.maxMessageChars' is 8192.5", "a whole number of characters")]
    [TestCase("server:\n  clockToleranceMs: -1\nenvironments:\n  e:\n    url: embedded", "key 'server.clockToleranceMs' is -1", "a number of milliseconds from 0 to 600000")]
    [TestCase("budgets:\n  receipt: 100\nenvironments:\n  e:\n    url: embedded", "unknown key 'budgets.receipt'", "matchReplyMs, receiptMs, relayMs, teacherReplyMs, pongMs")]
    [TestCase("budgets:\n  receiptMs: 0\nenvironments:\n  e:\n    url: embedded", "budgets.receiptMs", "number of milliseconds above 0")]
    [TestCase("environments:\n  e:\n    url: embedded\n    budgets: { relayMs: fast }", "environments.e.budgets.relayMs", "must be a number")]
    [TestCase("environments:\n  e:\n    url: embedded\n    timeouts: { receiveSeconds: 2 }\n    budgets: { teacherReplyMs: 3000 }", "budget 'teacherReplyMs' of environment 'e' is 3000 ms", "lower the budget (budgets.teacherReplyMs) or raise receiveSeconds")]
    [TestCase("environments:\n  prod:\n    url: embedded\n    timeouts:\n      quiet: 1", "unknown key 'environments.prod.timeouts.quiet'", "quietSeconds")]
    [TestCase("timeout: 3\nenvironments:\n  e:\n    url: embedded", "unknown key 'timeout'", "allowed here")]
    [TestCase("timeouts:\n  receiveSeconds: soon\nenvironments:\n  e:\n    url: embedded", "timeouts.receiveSeconds", "must be a number, not the text 'soon'")]
    [TestCase("timeouts:\n  receiveSeconds: 0\nenvironments:\n  e:\n    url: embedded", "timeouts.receiveSeconds", "number of seconds above 0")]
    [TestCase("timeouts:\n  receiveSeconds: \"5\"\nenvironments:\n  e:\n    url: embedded", "timeouts.receiveSeconds", "without quotes")]
    [TestCase("userIdPrefix: 123\nenvironments:\n  e:\n    url: embedded", "userIdPrefix", "not the number 123; quote it")]
    [TestCase("userIdPrefix: NULL\nenvironments:\n  e:\n    url: embedded", "userIdPrefix", "not empty")]
    [TestCase("environments:\n  e:\n    url: embedded\n    tls: { insecure: yes }", "tls.insecure", "use true or false")]
    [TestCase("environments:\n  e:\n    url: embedded\n    headers: { X-Retry: 3 }", "headers.X-Retry", "quote it")]
    [TestCase("userIdPrefix: bad id!\nenvironments:\n  e:\n    url: embedded", "userIdPrefix", "letters, digits")]
    [TestCase("environment: [embedded", "not valid YAML", "line")]
    [TestCase("- a list", "expected a mapping", "environments")]
    [TestCase("environment: e", "key 'environments' is missing", "url")]
    public void A_bad_file_stops_with_a_message_naming_the_file_the_key_and_what_is_allowed(string yaml, string key, string allowed)
    {
        var load = () => SettingsLoader.Parse(yaml, "bad.yml", NoVariables);

        load.Should().Throw<ConfigurationException>().Which.Message.Should().ContainAll("bad.yml", key, allowed);
    }

    [TestCase(EnvironmentVariables.Url, "http://host:9088", "IMSERVER_URL", "ws:// or wss://")]
    [TestCase(EnvironmentVariables.Environment, "prod", "IMSERVER_ENV", "allowed: embedded, staging")]
    [TestCase(EnvironmentVariables.ConnectTimeout, "0", "IMSERVER_CONNECT_TIMEOUT", "above 0")]
    [TestCase(EnvironmentVariables.QuietTimeout, "-1", "IMSERVER_QUIET_TIMEOUT", "above 0")]
    public void A_bad_variable_stops_with_a_message_naming_it(string name, string value, string named, string allowed)
    {
        var load = () => SettingsLoader.Parse(Valid, "test.yml", n => n == name ? value : null);

        load.Should().Throw<ConfigurationException>().Which.Message.Should().ContainAll(named, value, allowed);
    }

    [Test]
    public void A_missing_file_names_the_path_and_the_variable_that_moves_it()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "websocket.yml");

        var load = () => SettingsLoader.Load(path, NoVariables);

        load.Should().Throw<ConfigurationException>().Which.Message.Should().ContainAll(path, "not found", "IMSERVER_CONFIG");
    }
}
