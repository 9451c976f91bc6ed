using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using ImServerTests.Shared;

namespace ImServerTests.Config;

/// <summary>
/// One environment of websocket.yml, in two passes: its keys are checked when the file is read, its values
/// (${env:NAME} put in, the CA file read) only for the environment a run uses, so an environment whose
/// variables are not set here stops nothing until it is chosen. Every value from ${env:...} is a secret.
/// </summary>
internal sealed partial class EnvironmentReader
{
    public static readonly string[] EnvironmentKeys = ["url", "timeouts", "budgets", "server", "headers", "query", "subprotocols", "tls"];
    private static readonly string[] TlsKeys = ["caFile", "insecure"];

    /// <summary>What an environment gets from the file's top level unless it says otherwise.</summary>
    public sealed record Inherited(Timeouts Timeouts, Budgets Budgets, ServerProfile Server);

    /// <summary>How the groups an environment may override are read: (node, key for messages, what it inherits).</summary>
    public sealed record Readers(
        Func<YamlValue, string, Timeouts, Timeouts> Timeouts, Func<YamlValue, string, Budgets, Budgets> Budgets, Func<YamlValue, string, ServerProfile, ServerProfile> Server);

    /// <summary>A value as written, with the key it stands under, for messages.</summary>
    public sealed record Written(string Key, string Text);

    /// <summary>An environment as written; <see cref="Resolve"/> turns it into settings.</summary>
    public sealed record Draft(
        string Name, Written Url, Timeouts Timeouts, Budgets Budgets, ServerProfile Server, IReadOnlyList<(string Name, Written Value)> Headers,
        IReadOnlyList<(string Name, Written Value)> Query, IReadOnlyList<Written> Subprotocols, Written? CaFile, bool Insecure);

    public static Draft Read(
        string name, YamlValue body, Inherited inherited, YamlNodes yaml, Readers readers)
    {
        var key = $"environments.{name}";
        yaml.Mapping(body, key);
        var fields = yaml.Keys(body, EnvironmentKeys, key + ".");
        if (!fields.TryGetValue("url", out var urlNode))
        {
            throw yaml.Error($"key '{key}.url' is missing: use '{ServerEnvironment.EmbeddedUrl}' or ws://HOST:PORT/pinter/imserver.");
        }

        var tls = fields.TryGetValue("tls", out var tlsNode) ? yaml.Keys(tlsNode, TlsKeys, key + ".tls.") : [];
        return new Draft(
            name,
            new Written(key + ".url", yaml.Text(urlNode, key + ".url")),
            fields.TryGetValue("timeouts", out var timeoutsNode) ? readers.Timeouts(timeoutsNode, key + ".timeouts", inherited.Timeouts) : inherited.Timeouts,
            fields.TryGetValue("budgets", out var budgetsNode) ? readers.Budgets(budgetsNode, key + ".budgets", inherited.Budgets) : inherited.Budgets,
            fields.TryGetValue("server", out var serverNode) ? readers.Server(serverNode, key + ".server", inherited.Server) : inherited.Server,
            Pairs(fields, "headers", key, yaml, header: true),
            Pairs(fields, "query", key, yaml, header: false),
            fields.TryGetValue("subprotocols", out var list) ? Subprotocols(list, key + ".subprotocols", yaml) : [],
            tls.TryGetValue("caFile", out var ca) ? new Written(key + ".tls.caFile", yaml.Text(ca, key + ".tls.caFile")) : null,
            tls.TryGetValue("insecure", out var insecure) && yaml.Boolean(insecure, key + ".tls.insecure"));
    }

    /// <summary>The environment with ${env:NAME} put in (each such value registered as a secret) and its CA file checked.</summary>
    public static ServerEnvironment Resolve(Draft draft, Func<string, string?> variables, YamlNodes yaml, Func<string, string, Uri> webSocketUrl)
    {
        ArgumentNullException.ThrowIfNull(draft);
        string Expand(Written written) => EnvReference().Replace(written.Text, match =>
        {
            var name = match.Groups[1].Value;
            var value = variables(name);
            if (string.IsNullOrEmpty(value))
            {
                throw yaml.Error($"key '{written.Key}' uses ${{env:{name}}}, but the environment variable {name} is not set: set it (on CI, from a secret), or remove the key.");
            }

            Secrets.Register(value);
            return value;
        });

        var url = Expand(draft.Url);
        var caFile = draft.CaFile is null ? null : CheckedCaFile(Expand(draft.CaFile), draft.CaFile.Key, yaml);
        return new ServerEnvironment(draft.Name, url == ServerEnvironment.EmbeddedUrl ? null : webSocketUrl(url, $"{yaml.Source}: key '{draft.Url.Key}'"), draft.Timeouts)
        {
            Budgets = draft.Budgets,
            Server = draft.Server,
            Headers = draft.Headers.ToDictionary(h => h.Name, h => Expand(h.Value), StringComparer.OrdinalIgnoreCase),
            Query = draft.Query.ToDictionary(q => q.Name, q => Expand(q.Value), StringComparer.Ordinal),
            Subprotocols = [.. draft.Subprotocols.Select(Expand)],
            Tls = new TlsSettings(caFile, draft.Insecure),
        };
    }

    private static List<(string, Written)> Pairs(Dictionary<string, YamlValue> fields, string name, string key, YamlNodes yaml, bool header)
    {
        if (!fields.TryGetValue(name, out var node))
        {
            return [];
        }

        yaml.Mapping(node, $"{key}.{name}");
        var pairs = new List<(string, Written)>();
        foreach (var (rawName, value) in yaml.Keys(node, null, $"{key}.{name}."))
        {
            var pairName = rawName.Trim();
            if (pairName.Length == 0 || (header && !HeaderName().IsMatch(pairName)))
            {
                throw yaml.Error($"key '{key}.{name}' at line {yaml.KeyLineOf(value)} has {(pairName.Length == 0 ? "an empty name" : $"the name '{pairName}'")}: "
                    + (header ? "a header name is letters, digits and !#$%&'*+-.^_`|~ (for example Authorization)" : "a query parameter needs a name (for example token)") + ".");
            }

            pairs.Add((pairName, new Written($"{key}.{name}.{pairName}", yaml.Text(value, $"{key}.{name}.{pairName}"))));
        }

        return pairs;
    }

    private static List<Written> Subprotocols(YamlValue node, string key, YamlNodes yaml) =>
        node.Node is JsonArray list
            ? [.. list.Select((_, i) => new Written($"{key}[{i}]", yaml.Text(new YamlValue(list[i], $"{node.Pointer}/{i}"), $"{key}[{i}]")))]
            : throw yaml.Error($"key '{key}' at line {yaml.LineOf(node)} must be a list, for example [chat].");

    // A CA file is a PEM certificate, relative to the YAML file; checked at set-up rather than at the first connect.
    private static string CheckedCaFile(string text, string key, YamlNodes yaml)
    {
        var folder = File.Exists(yaml.Source) ? Path.GetDirectoryName(Path.GetFullPath(yaml.Source))! : Directory.GetCurrentDirectory();
        var path = Path.GetFullPath(text, folder);
        if (!File.Exists(path))
        {
            throw yaml.Error($"key '{key}' is '{text}': file not found ({path}); give the PEM file of the CA that signed the server's certificate, relative to the YAML file.");
        }

        try
        {
            if (TlsTrust.Load(path).Count > 0)
            {
                return path;
            }
        }
        catch (CryptographicException)
        {
            // reported below, as for a file without any certificate
        }

        throw yaml.Error($"key '{key}' is '{text}': not a PEM certificate ({path}); expected a file with -----BEGIN CERTIFICATE----- blocks.");
    }

    [GeneratedRegex(@"\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex EnvReference();

    [GeneratedRegex(@"^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$")]
    private static partial Regex HeaderName();
}

/// <summary>Reads the certificates a CA file holds.</summary>
public static class TlsTrust
{
    public static X509Certificate2Collection Load(string pemFile)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(pemFile);
        return certificates;
    }
}
