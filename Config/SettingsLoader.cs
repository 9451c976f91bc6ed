using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ImServerTests.Config;

/// <summary>
/// Reads websocket.yml into <see cref="ImServerSettings"/> and applies the environment variables.
/// Every problem stops the run with one message naming the file (or variable), the key and what is allowed.
/// </summary>
public static partial class SettingsLoader
{
    public const string FileName = "websocket.yml";

    private const double MaxSeconds = 600;
    private static readonly string[] RootKeys = ["environment", "timeouts", "userIdPrefix", "environments"];
    private static readonly string[] TimeoutKeys = ["connectSeconds", "receiveSeconds", "quietSeconds"];
    private static readonly string[] EnvironmentKeys = ["url"];

    /// <summary>Loads the settings the way a test run does: file from IMSERVER_CONFIG or beside the tests, then variables.</summary>
    public static ImServerSettings Load() => Load(System.Environment.GetEnvironmentVariable);

    public static ImServerSettings Load(Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var path = variables(EnvironmentVariables.ConfigFile) is { Length: > 0 } custom
            ? Path.GetFullPath(custom)
            : Path.Combine(AppContext.BaseDirectory, FileName);
        return Load(path, variables);
    }

    public static ImServerSettings Load(string path, Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (!File.Exists(path))
        {
            throw new ConfigurationException(
                $"{path}: file not found. Put a {FileName} there, or point {EnvironmentVariables.ConfigFile} at one.");
        }

        var root = ReadRoot(path);
        return ApplyVariables(FromYaml(root, path), variables);
    }

    /// <summary>Reads settings from YAML text; <paramref name="source"/> names it in messages.</summary>
    public static ImServerSettings Parse(string yaml, string source, Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var root = ReadRoot(new StringReader(yaml), source);
        return ApplyVariables(FromYaml(root, source), variables);
    }

    private static YamlMappingNode ReadRoot(string path)
    {
        using var reader = File.OpenText(path);
        return ReadRoot(reader, path);
    }

    private static YamlMappingNode ReadRoot(TextReader reader, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new ConfigurationException($"{source}: not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ConfigurationException(
                $"{source}: expected a mapping with the keys {string.Join(", ", RootKeys)}; see the {FileName} in the repository for an example.");
        }

        return root;
    }

    private static ImServerSettings FromYaml(YamlMappingNode root, string source)
    {
        var keys = Keys(root, RootKeys, source, "");
        var environments = keys.TryGetValue("environments", out var envNode)
            ? ReadEnvironments(envNode, source)
            : throw new ConfigurationException($"{source}: key 'environments' is missing: add at least one environment with a url.");

        var chosen = keys.TryGetValue("environment", out var chosenNode) ? Scalar(chosenNode, source, "environment") : environments.Keys.First();
        if (!environments.TryGetValue(chosen, out var url))
        {
            throw new ConfigurationException(
                $"{source}: key 'environment' is '{chosen}', which is not under 'environments'; allowed: {string.Join(", ", environments.Keys)}.");
        }

        var settings = new ImServerSettings
        {
            EnvironmentName = chosen,
            ServerUrl = url,
            Source = source,
            Environments = environments,
        };
        if (keys.TryGetValue("timeouts", out var timeoutsNode))
        {
            var timeouts = Keys(Mapping(timeoutsNode, source, "timeouts"), TimeoutKeys, source, "timeouts.");
            settings = settings with
            {
                ConnectTimeout = Seconds(timeouts, "connectSeconds", source, settings.ConnectTimeout),
                ReceiveTimeout = Seconds(timeouts, "receiveSeconds", source, settings.ReceiveTimeout),
                QuietWindow = Seconds(timeouts, "quietSeconds", source, settings.QuietWindow),
            };
        }

        if (keys.TryGetValue("userIdPrefix", out var prefixNode))
        {
            var prefix = Scalar(prefixNode, source, "userIdPrefix");
            if (!UserIdPrefixPattern().IsMatch(prefix) || prefix.EndsWith("__mtx", StringComparison.Ordinal))
            {
                throw new ConfigurationException(
                    $"{source}: key 'userIdPrefix' is '{prefix}': use 1 to 32 letters, digits, '-' or '_' (not ending in __mtx, which marks teachers).");
            }

            settings = settings with { UserIdPrefix = prefix };
        }

        return settings;
    }

    private static Dictionary<string, Uri?> ReadEnvironments(YamlNode node, string source)
    {
        var result = new Dictionary<string, Uri?>(StringComparer.Ordinal);
        foreach (var (name, body) in Keys(Mapping(node, source, "environments"), null, source, "environments."))
        {
            var fields = Keys(Mapping(body, source, $"environments.{name}"), EnvironmentKeys, source, $"environments.{name}.");
            if (!fields.TryGetValue("url", out var urlNode))
            {
                throw new ConfigurationException(
                    $"{source}: key 'environments.{name}.url' is missing: use '{ImServerSettings.EmbeddedUrl}' or ws://HOST:PORT/pinter/imserver.");
            }

            var text = Scalar(urlNode, source, $"environments.{name}.url");
            result[name] = text == ImServerSettings.EmbeddedUrl ? null : WebSocketUrl(text, $"{source}: key 'environments.{name}.url'");
        }

        if (result.Count == 0)
        {
            throw new ConfigurationException($"{source}: key 'environments' is empty: add at least one environment with a url.");
        }

        return result;
    }

    private static ImServerSettings ApplyVariables(ImServerSettings settings, Func<string, string?> variables)
    {
        var source = settings.Source;
        if (variables(EnvironmentVariables.Environment) is { Length: > 0 } name)
        {
            if (!settings.Environments.TryGetValue(name, out var url))
            {
                throw new ConfigurationException(
                    $"environment variable {EnvironmentVariables.Environment} is '{name}', which {source} does not define under 'environments'; allowed: {string.Join(", ", settings.Environments.Keys)}.");
            }

            settings = settings with { EnvironmentName = name, ServerUrl = url };
            source += $" + {EnvironmentVariables.Environment}";
        }

        if (variables(EnvironmentVariables.Url) is { Length: > 0 } direct)
        {
            settings = settings with
            {
                EnvironmentName = EnvironmentVariables.Url,
                ServerUrl = WebSocketUrl(direct, $"environment variable {EnvironmentVariables.Url}"),
            };
            source += $" + {EnvironmentVariables.Url}";
        }

        if (variables(EnvironmentVariables.ConnectTimeout) is { Length: > 0 } connect)
        {
            settings = settings with { ConnectTimeout = ParseSeconds(connect, $"environment variable {EnvironmentVariables.ConnectTimeout}") };
            source += $" + {EnvironmentVariables.ConnectTimeout}";
        }

        if (variables(EnvironmentVariables.ReceiveTimeout) is { Length: > 0 } receive)
        {
            settings = settings with { ReceiveTimeout = ParseSeconds(receive, $"environment variable {EnvironmentVariables.ReceiveTimeout}") };
            source += $" + {EnvironmentVariables.ReceiveTimeout}";
        }

        return settings with { Source = source };
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

    private static Dictionary<string, YamlNode> Keys(YamlMappingNode mapping, string[]? allowed, string source, string prefix)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = Scalar(keyNode, source, prefix + "?");
            if (allowed is not null && !allowed.Contains(key, StringComparer.Ordinal))
            {
                throw new ConfigurationException(
                    $"{source}: unknown key '{prefix}{key}' at line {keyNode.Start.Line}; allowed here: {string.Join(", ", allowed)}.");
            }

            result[key] = value;
        }

        return result;
    }

    private static YamlMappingNode Mapping(YamlNode node, string source, string key) =>
        node as YamlMappingNode
        ?? throw new ConfigurationException($"{source}: key '{key}' at line {node.Start.Line} must be a mapping of keys to values.");

    private static string Scalar(YamlNode node, string source, string key) =>
        node is YamlScalarNode { Value: { Length: > 0 } value }
            ? value
            : throw new ConfigurationException($"{source}: key '{key}' at line {node.Start.Line} must be a non-empty text value.");

    private static TimeSpan Seconds(Dictionary<string, YamlNode> keys, string key, string source, TimeSpan fallback) =>
        keys.TryGetValue(key, out var node)
            ? ParseSeconds(Scalar(node, source, "timeouts." + key), $"{source}: key 'timeouts.{key}'")
            : fallback;

    private static TimeSpan ParseSeconds(string text, string where) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= MaxSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw new ConfigurationException($"{where} is '{text}': use a number of seconds above 0 and at most {MaxSeconds}.");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex UserIdPrefixPattern();
}
