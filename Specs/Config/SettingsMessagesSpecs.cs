using ImServerTests.Config;

namespace ImServerTests.Specs.Config;

/// <summary>
/// What a reader sees when websocket.yml or a variable is wrong, word for word, and where the edges of each allowed
/// range are: a message names the file or variable, the key and what is allowed, and a value on the edge is taken.
/// </summary>
[AllureEpic("Config")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Settings: messages and edges")]
public sealed class SettingsMessagesSpecs
{
    private const string OneEnvironment = "environments:\n  e:\n    url: embedded";

    private static readonly Func<string, string?> NoVariables = _ => null;

    [TestCase("- a list",
        "bad.yml: expected a mapping with the keys environment, timeouts, budgets, server, fuzz, userIdPrefix, environments; see the websocket.yml in the repository for an example.")]
    [TestCase("environment: x\n" + OneEnvironment,
        "bad.yml: key 'environment' is 'x', which is not under 'environments'; allowed: e.")]
    [TestCase("environments: {}",
        "bad.yml: key 'environments' is empty: add at least one environment with a url.")]
    [TestCase("environments:\n  e: [a]",
        "bad.yml: key 'environments.e' at line 2 must be a mapping of keys to values.")]
    [TestCase("environments:\n  e: {}",
        "bad.yml: key 'environments.e.url' is missing: use 'embedded' or ws://HOST:PORT/pinter/imserver.")]
    [TestCase("environments:\n  e:\n    url: 7",
        "bad.yml: key 'environments.e.url' at line 3 must be a non-empty text, not the number 7; quote it (\"7\") if it is meant as text.")]
    [TestCase("timeouts: { receiveSeconds: 0 }\n" + OneEnvironment,
        "bad.yml: key 'timeouts.receiveSeconds' is '0': use a number of seconds above 0 and at most 600.")]
    [TestCase("budgets: { relayMs: 600001 }\n" + OneEnvironment,
        "bad.yml: key 'budgets.relayMs' is 600001: use a number of milliseconds above 0 and at most 600000.")]
    [TestCase("server: { maxMessageChars: 16777217 }\n" + OneEnvironment,
        "bad.yml: key 'server.maxMessageChars' is 16777217: use a whole number of characters from 1 to 16777216 (the real server's is 8192).")]
    [TestCase("server: { clockToleranceMs: 600001 }\n" + OneEnvironment,
        "bad.yml: key 'server.clockToleranceMs' is 600001: use a number of milliseconds from 0 to 600000.")]
    [TestCase("environments:\n  e:\n    url: embedded\n    headers: { '': x }",
        "bad.yml: key 'environments.e.headers' at line 4 has an empty name: a header name is letters, digits and !#$%&'*+-.^_`|~ (for example Authorization).")]
    [TestCase("environments:\n  e:\n    url: embedded\n    query: { ' ': x }",
        "bad.yml: key 'environments.e.query' at line 4 has an empty name: a query parameter needs a name (for example token).")]
    [TestCase("environments:\n  e:\n    url: embedded\n    subprotocols: chat",
        "bad.yml: key 'environments.e.subprotocols' at line 4 must be a list, for example [chat].")]
    [TestCase("environments:\n  e:\n    url: embedded\n    subprotocols: [1]",
        "bad.yml: key 'environments.e.subprotocols[0]' at line 4 must be a non-empty text, not the number 1; quote it (\"1\") if it is meant as text.")]
    [TestCase("environments:\n  e:\n    url: embedded\n    tls: { caFile: 5 }",
        "bad.yml: key 'environments.e.tls.caFile' at line 4 must be a non-empty text, not the number 5; quote it (\"5\") if it is meant as text.")]
    [TestCase("environments:\n  e:\n    url: embedded\n    headers: []",
        "bad.yml: key 'environments.e.headers' at line 4 must be a mapping of keys to values.")]
    [TestCase("environments:\n  e:\n    url: embedded\n    timeouts: { receiveSeconds: 1 }",
        "bad.yml: budget 'matchReplyMs' of environment 'e' is 1500 ms, longer than its receive timeout of 1 s, so a late frame would be reported as missing: lower the budget (budgets.matchReplyMs) or raise receiveSeconds.")]
    public void A_bad_file_is_named_word_for_word(string yaml, string message)
    {
        var load = () => SettingsLoader.Parse(yaml, "bad.yml", NoVariables);

        load.Should().Throw<ConfigurationException>().Which.Message.Should().Be(message);
    }

    [TestCase(EnvironmentVariables.ConnectTimeout, "soon",
        "environment variable IMSERVER_CONNECT_TIMEOUT is 'soon': use a number of seconds above 0 and at most 600.")]
    [TestCase(EnvironmentVariables.ReceiveTimeout, "0",
        "environment variable IMSERVER_RECEIVE_TIMEOUT is '0': use a number of seconds above 0 and at most 600.")]
    [TestCase(EnvironmentVariables.QuietTimeout, "601",
        "environment variable IMSERVER_QUIET_TIMEOUT is '601': use a number of seconds above 0 and at most 600.")]
    [TestCase(EnvironmentVariables.ReceiveTimeout, "1",
        "bad.yml + IMSERVER_RECEIVE_TIMEOUT: budget 'matchReplyMs' of environment 'e' is 1500 ms, longer than its receive timeout of 1 s, so a late frame would be reported as missing: lower the budget (budgets.matchReplyMs) or raise IMSERVER_RECEIVE_TIMEOUT.")]
    public void A_bad_variable_is_named_word_for_word(string name, string value, string message)
    {
        var load = () => SettingsLoader.Parse(OneEnvironment, "bad.yml", n => n == name ? value : null);

        load.Should().Throw<ConfigurationException>().Which.Message.Should().Be(message);
    }

    [Test]
    public void An_empty_receive_variable_is_no_variable_so_the_file_is_named_as_what_to_raise()
    {
        var load = () => SettingsLoader.Parse(OneEnvironment + "\n    timeouts: { receiveSeconds: 1 }", "bad.yml",
            n => n == EnvironmentVariables.ReceiveTimeout ? "" : null);

        load.Should().Throw<ConfigurationException>().Which.Message.Should().EndWith("or raise receiveSeconds.");
    }

    [Test]
    public void Values_on_the_edges_of_their_ranges_are_taken()
    {
        var settings = SettingsLoader.Parse(
            "timeouts: { receiveSeconds: 600 }\nbudgets: { relayMs: 600000 }\nserver: { maxMessageChars: 16777216, clockToleranceMs: 0 }\n" + OneEnvironment,
            "edges.yml", NoVariables);
        var low = SettingsLoader.Parse("server: { maxMessageChars: 1, clockToleranceMs: 600000 }\n" + OneEnvironment, "edges.yml", NoVariables);

        settings.Budgets[Budgets.Relay].Should().Be(TimeSpan.FromMilliseconds(600000));
        settings.Server.Should().Be(new ServerProfile(16777216, TimeSpan.Zero));
        low.Server.Should().Be(new ServerProfile(1, TimeSpan.FromMilliseconds(600000)));
    }

    [Test]
    public void A_budget_as_long_as_the_receive_timeout_is_taken()
    {
        var settings = SettingsLoader.Parse("timeouts: { receiveSeconds: 4.5 }\n" + OneEnvironment, "edge.yml", NoVariables);

        settings.Budgets[Budgets.TeacherReply].Should().Be(settings.ReceiveTimeout, "a frame exactly on its budget is still awaited, so the budget can be broken");
    }

    [Test]
    public void Without_those_keys_the_first_environment_and_the_default_prefix_are_used()
    {
        var settings = SettingsLoader.Parse("environments:\n  first: { url: embedded }\n  second: { url: embedded }", "d.yml", NoVariables);

        settings.EnvironmentName.Should().Be("first");
        settings.UserIdPrefix.Should().Be("csharp-qa");
        new ImServerSettings { Environment = settings.Environment, Source = "x" }.UserIdPrefix.Should().Be("csharp-qa");
    }

    [Test]
    public void The_source_names_the_file_and_every_variable_that_changed_the_settings()
    {
        var variables = new Dictionary<string, string>
        {
            [EnvironmentVariables.Url] = "ws://h:1/pinter/imserver",
            [EnvironmentVariables.ConnectTimeout] = "3",
            [EnvironmentVariables.ReceiveTimeout] = "9",
            [EnvironmentVariables.QuietTimeout] = "2",
        };

        var settings = SettingsLoader.Parse(OneEnvironment, "s.yml", n => variables.GetValueOrDefault(n));

        settings.Source.Should().Be("s.yml + IMSERVER_URL + IMSERVER_CONNECT_TIMEOUT + IMSERVER_RECEIVE_TIMEOUT + IMSERVER_QUIET_TIMEOUT");
        settings.Environment.Timeouts.Should().Be(new Timeouts(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(9), TimeSpan.FromSeconds(2)));
        settings.Environment.Timeouts.ToString().Should().Be("connect 3 s, receive 9 s, quiet 2 s");
    }

    [Test]
    public void Missing_arguments_are_refused()
    {
        var files = new SuiteFiles(AppContext.BaseDirectory, null, AppContext.BaseDirectory);

        ((Action)(() => SettingsLoader.Load(null!, files))).Should().Throw<ArgumentNullException>();
        ((Action)(() => SettingsLoader.Load(_ => null, null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => SettingsLoader.Load("x.yml", null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => SettingsLoader.Parse("", "x.yml", null!))).Should().Throw<ArgumentNullException>();
    }
}
