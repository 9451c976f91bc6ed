using System.Globalization;
using System.Text.RegularExpressions;
using ImServerTests.Shared;
using ImServerTests.Yaml;

namespace ImServerTests.Config;

/// <summary>
/// Reads websocket.yml into <see cref="ImServerSettings"/> and applies the environment variables.
/// Every problem stops the run with one message naming the file (or variable), the key and what is allowed.
/// </summary>
public static partial class SettingsLoader
{
    public const string FileName = SuiteFiles.SettingsPath;

    private const double MaxSeconds = 600;
    private const double MaxBudgetMs = MaxSeconds * 1000;
    private static readonly string[] RootKeys = ["environment", "timeouts", "budgets", "server", "fuzz", "userIdPrefix", "environments"];
    private static readonly string[] TimeoutKeys = ["connectSeconds", "receiveSeconds", "quietSeconds"];
    private static readonly string[] BudgetKeys = [.. Budgets.All.Select(b => b.Key)];
    private static readonly string[] ServerKeys = ["maxMessageChars", "clockToleranceMs"];
    private static readonly string[] FuzzKeys = ["seconds", "shrinkSeconds"];
    private const int MaxMessageCharsLimit = 16 * 1024 * 1024;

    /// <summary>
    /// Loads the settings the way a test run does: the file from IMSERVER_CONFIG, else the websocket.yml beside the
    /// binaries, else the repository's (<see cref="SuiteFiles"/>); then the variables.
    /// </summary>
    public static ImServerSettings Load() => Load(System.Environment.GetEnvironmentVariable);

    public static ImServerSettings Load(Func<string, string?> variables) => Load(variables, SuiteFiles.OfThisRun());

    public static ImServerSettings Load(Func<string, string?> variables, SuiteFiles files)
    {
        ArgumentNullException.ThrowIfNull(variables);
        ArgumentNullException.ThrowIfNull(files);
        return Load(files.Settings(variables), variables);
    }

    public static ImServerSettings Load(string path, Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (!File.Exists(path))
        {
            throw new ConfigurationException(
                $"{path}: file not found. Put a {FileName} there, or point {EnvironmentVariables.ConfigFile} at one.");
        }

        return Parse(File.ReadAllText(path), path, variables);
    }

    /// <summary>Reads settings from YAML text; <paramref name="source"/> names it in messages.</summary>
    public static ImServerSettings Parse(string yaml, string source, Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        YamlJson document;
        try
        {
            document = YamlJson.Parse(yaml, source);
        }
        catch (YamlReadException e)
        {
            throw new ConfigurationException($"{source}: {e.Problem} (at line {e.Line}, column {e.Column})", e);
        }

        var nodes = new YamlNodes(document);
        if (document.Root is not System.Text.Json.Nodes.JsonObject)
        {
            throw nodes.Error($"expected a mapping with the keys {string.Join(", ", RootKeys)}; see the {FileName} in the repository for an example.");
        }

        return ApplyVariables(FromYaml(nodes.Root, nodes), variables, nodes);
    }

    // What the file says, before any variable: its environments as written, the one it names, its user id
    // prefix, and the timeouts a server named by IMSERVER_URL gets.
    private sealed record FileSettings(
        IReadOnlyDictionary<string, EnvironmentReader.Draft> Environments, string Chosen, string UserIdPrefix, EnvironmentReader.Inherited Remote, string Source)
    {
        public FuzzBudget Fuzz { get; init; } = FuzzBudget.Default;
    }

    private static FileSettings FromYaml(YamlValue root, YamlNodes yaml)
    {
        var keys = yaml.Keys(root, RootKeys, "");
        var defaults = keys.TryGetValue("timeouts", out var timeoutsNode)
            ? ReadTimeouts(timeoutsNode, "timeouts", Timeouts.Default, yaml)
            : Timeouts.Default;
        var budgets = keys.TryGetValue("budgets", out var budgetsNode)
            ? ReadBudgets(budgetsNode, "budgets", Budgets.Default, yaml)
            : Budgets.Default;
        var server = keys.TryGetValue("server", out var serverNode)
            ? ReadServer(serverNode, "server", ServerProfile.Default, yaml)
            : ServerProfile.Default;
        var inherited = new EnvironmentReader.Inherited(defaults, budgets, server);
        var environments = keys.TryGetValue("environments", out var envNode)
            ? ReadEnvironments(envNode, inherited, yaml)
            : throw yaml.Error("key 'environments' is missing: add at least one environment with a url.");

        var chosen = keys.TryGetValue("environment", out var chosenNode) ? yaml.Text(chosenNode, "environment") : environments.Keys.First();
        if (!environments.ContainsKey(chosen))
        {
            throw yaml.Error($"key 'environment' is '{chosen}', which is not under 'environments'; allowed: {string.Join(", ", environments.Keys)}.");
        }

        var prefix = "csharp-qa";
        if (keys.TryGetValue("userIdPrefix", out var prefixNode))
        {
            prefix = yaml.Text(prefixNode, "userIdPrefix");
            if (!UserIdPrefixPattern().IsMatch(prefix) || prefix.EndsWith("__mtx", StringComparison.Ordinal))
            {
                throw yaml.Error($"key 'userIdPrefix' is '{prefix}': use 1 to 32 letters, digits, '-' or '_' (not ending in __mtx, which marks teachers).");
            }
        }

        return new FileSettings(environments, chosen, prefix, inherited, yaml.Source)
        {
            Fuzz = keys.TryGetValue("fuzz", out var fuzzNode) ? ReadFuzz(fuzzNode, yaml) : FuzzBudget.Default,
        };
    }

    private static Dictionary<string, EnvironmentReader.Draft> ReadEnvironments(YamlValue node, EnvironmentReader.Inherited inherited, YamlNodes yaml)
    {
        var result = new Dictionary<string, EnvironmentReader.Draft>(StringComparer.Ordinal);
        var readers = new EnvironmentReader.Readers(
            (n, key, from) => ReadTimeouts(n, key, from, yaml), (n, key, from) => ReadBudgets(n, key, from, yaml), (n, key, from) => ReadServer(n, key, from, yaml));
        foreach (var (name, body) in yaml.Keys(node, null, "environments."))
        {
            result[name] = EnvironmentReader.Read(name, body, inherited, yaml, readers);
        }

        if (result.Count == 0)
        {
            throw yaml.Error("key 'environments' is empty: add at least one environment with a url.");
        }

        return result;
    }

    // Each key given overrides the one inherited from the level above.
    private static Timeouts ReadTimeouts(YamlValue node, string key, Timeouts inherited, YamlNodes yaml)
    {
        var keys = yaml.Keys(node, TimeoutKeys, key + ".");
        TimeSpan Read(string name, TimeSpan fallback) =>
            keys.TryGetValue(name, out var value)
                ? Seconds(yaml.Number(value, $"{key}.{name}"), YamlNodes.Shown(yaml.Number(value, $"{key}.{name}")), $"{yaml.Source}: key '{key}.{name}'")
                : fallback;

        return new Timeouts(
            Read("connectSeconds", inherited.Connect),
            Read("receiveSeconds", inherited.Receive),
            Read("quietSeconds", inherited.Quiet));
    }

    // Milliseconds, each key given overriding the one inherited from the level above.
    private static Budgets ReadBudgets(YamlValue node, string key, Budgets inherited, YamlNodes yaml)
    {
        var keys = yaml.Keys(node, BudgetKeys, key + ".");
        var budgets = inherited;
        foreach (var budget in Budgets.All)
        {
            if (keys.TryGetValue(budget.Key, out var value))
            {
                var ms = yaml.Number(value, $"{key}.{budget.Key}");
                budgets = ms > 0 && ms <= MaxBudgetMs
                    ? budgets.With(budget, TimeSpan.FromMilliseconds(ms))
                    : throw new ConfigurationException($"{yaml.Source}: key '{key}.{budget.Key}' is {YamlNodes.Shown(ms)}: use a number of milliseconds above 0 and at most {MaxBudgetMs}.");
            }
        }

        return budgets;
    }

    // Each key given overrides the one inherited from the level above.
    private static ServerProfile ReadServer(YamlValue node, string key, ServerProfile inherited, YamlNodes yaml)
    {
        var keys = yaml.Keys(node, ServerKeys, key + ".");
        var server = inherited;
        if (keys.TryGetValue("maxMessageChars", out var chars))
        {
            var count = yaml.Number(chars, $"{key}.maxMessageChars");
            server = count >= 1 && count <= MaxMessageCharsLimit && count == Math.Floor(count)
                ? server with { MaxMessageChars = (int)count }
                : throw new ConfigurationException($"{yaml.Source}: key '{key}.maxMessageChars' is {YamlNodes.Shown(count)}: use a whole number of characters from 1 to {MaxMessageCharsLimit} (the real server's is 8192).");
        }

        if (keys.TryGetValue("clockToleranceMs", out var tolerance))
        {
            var ms = yaml.Number(tolerance, $"{key}.clockToleranceMs");
            server = ms >= 0 && ms <= MaxBudgetMs
                ? server with { ClockTolerance = TimeSpan.FromMilliseconds(ms) }
                : throw new ConfigurationException($"{yaml.Source}: key '{key}.clockToleranceMs' is {YamlNodes.Shown(ms)}: use a number of milliseconds from 0 to {MaxBudgetMs}.");
        }

        return server;
    }

    // Seconds, each key given overriding the default.
    private static FuzzBudget ReadFuzz(YamlValue node, YamlNodes yaml)
    {
        var keys = yaml.Keys(node, FuzzKeys, "fuzz.");
        TimeSpan Read(string name, TimeSpan fallback) =>
            keys.TryGetValue(name, out var value)
                ? Seconds(yaml.Number(value, $"fuzz.{name}"), YamlNodes.Shown(yaml.Number(value, $"fuzz.{name}")), $"{yaml.Source}: key 'fuzz.{name}'")
                : fallback;

        return new FuzzBudget(Read("seconds", FuzzBudget.Default.Search), Read("shrinkSeconds", FuzzBudget.Default.Shrink));
    }

    // A budget longer than the receive timeout could never be broken: the frame would be reported missing first.
    private static void CheckBudgetsFitTimeout(ServerEnvironment environment, string source, bool receiveFromVariable)
    {
        foreach (var (key, limit) in Budgets.All.Select(b => (b.Key, Limit: environment.Budgets[b])).Where(b => b.Limit > environment.Timeouts.Receive))
        {
            var raise = receiveFromVariable ? $"raise {EnvironmentVariables.ReceiveTimeout}" : "raise receiveSeconds";
            throw new ConfigurationException(
                $"{source}: budget '{key}' of environment '{environment.Name}' is {limit.TotalMilliseconds:0} ms, longer than its receive timeout of "
                + $"{environment.Timeouts.Receive.TotalSeconds:0.###} s, so a late frame would be reported as missing: lower the budget (budgets.{key}) or {raise}.");
        }
    }

    private static ImServerSettings ApplyVariables(FileSettings file, Func<string, string?> variables, YamlNodes yaml)
    {
        var source = file.Source;
        var chosen = file.Chosen;
        var namedEnvironment = false;
        if (variables(EnvironmentVariables.Environment) is { Length: > 0 } name)
        {
            if (!file.Environments.ContainsKey(name))
            {
                throw new ConfigurationException(
                    $"environment variable {EnvironmentVariables.Environment} is '{name}', which {source} does not define under 'environments'; allowed: {string.Join(", ", file.Environments.Keys)}.");
            }

            chosen = name;
            source += $" + {EnvironmentVariables.Environment}";
            namedEnvironment = true;
        }

        // A server outside the file gets the file's top-level timeouts, sized for the real server; with
        // IMSERVER_ENV as well, it keeps that environment's settings and only its URL is replaced.
        ServerEnvironment environment;
        if (variables(EnvironmentVariables.Url) is { Length: > 0 } direct)
        {
            var url = WebSocketUrl(direct, $"environment variable {EnvironmentVariables.Url}");
            environment = namedEnvironment
                ? EnvironmentReader.Resolve(file.Environments[chosen], variables, yaml, WebSocketUrl) with { Url = url }
                : new ServerEnvironment(EnvironmentVariables.Url, url, file.Remote.Timeouts) { Budgets = file.Remote.Budgets, Server = file.Remote.Server };
            source += $" + {EnvironmentVariables.Url}";
        }
        else
        {
            environment = EnvironmentReader.Resolve(file.Environments[chosen], variables, yaml, WebSocketUrl);
        }

        var timeouts = environment.Timeouts;
        if (variables(EnvironmentVariables.ConnectTimeout) is { Length: > 0 } connect)
        {
            timeouts = timeouts with { Connect = ParseSeconds(connect, $"environment variable {EnvironmentVariables.ConnectTimeout}") };
            source += $" + {EnvironmentVariables.ConnectTimeout}";
        }

        if (variables(EnvironmentVariables.ReceiveTimeout) is { Length: > 0 } receive)
        {
            timeouts = timeouts with { Receive = ParseSeconds(receive, $"environment variable {EnvironmentVariables.ReceiveTimeout}") };
            source += $" + {EnvironmentVariables.ReceiveTimeout}";
        }

        if (variables(EnvironmentVariables.QuietTimeout) is { Length: > 0 } quiet)
        {
            timeouts = timeouts with { Quiet = ParseSeconds(quiet, $"environment variable {EnvironmentVariables.QuietTimeout}") };
            source += $" + {EnvironmentVariables.QuietTimeout}";
        }

        environment = environment with { Timeouts = timeouts };
        var fuzz = file.Fuzz;
        if (variables(EnvironmentVariables.FuzzSeconds) is { Length: > 0 } search)
        {
            fuzz = fuzz with { Search = ParseSeconds(search, $"environment variable {EnvironmentVariables.FuzzSeconds}") };
            source += $" + {EnvironmentVariables.FuzzSeconds}";
        }

        if (variables(EnvironmentVariables.FuzzShrinkSeconds) is { Length: > 0 } shrink)
        {
            fuzz = fuzz with { Shrink = ParseSeconds(shrink, $"environment variable {EnvironmentVariables.FuzzShrinkSeconds}") };
            source += $" + {EnvironmentVariables.FuzzShrinkSeconds}";
        }

        CheckBudgetsFitTimeout(environment, source, receiveFromVariable: variables(EnvironmentVariables.ReceiveTimeout) is { Length: > 0 });
        return new ImServerSettings
        {
            Environment = environment,
            EnvironmentNames = [.. file.Environments.Keys],
            UserIdPrefix = file.UserIdPrefix,
            Source = source,
            Fuzz = fuzz,
        };
    }

    private static Uri WebSocketUrl(string text, string where)
    {
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "ws" or "wss" && !string.IsNullOrEmpty(uri.Host))
        {
            return uri;
        }

        throw new ConfigurationException(
            $"{where} is '{text}': use a ws:// or wss:// URL such as ws://127.0.0.1:9088/pinter/imserver (the user id is appended).");
    }

    private static TimeSpan ParseSeconds(string text, string where) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? Seconds(seconds, text, where)
            : throw new ConfigurationException($"{where} is '{text}': use a number of seconds above 0 and at most {MaxSeconds}.");

    private static TimeSpan Seconds(double seconds, string text, string where) =>
        seconds > 0 && seconds <= MaxSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new ConfigurationException($"{where} is '{text}': use a number of seconds above 0 and at most {MaxSeconds}.");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex UserIdPrefixPattern();
}
