using YamlDotNet.RepresentationModel;

namespace ImServerTests.Config;

/// <summary>Reads YAML nodes with errors that name the file, the key, its line and what is allowed.</summary>
internal sealed class YamlNodes(string source)
{
    public string Source { get; } = source;

    /// <summary>The keys of a mapping; a key outside <paramref name="allowed"/> (when given) is an error.</summary>
    public Dictionary<string, YamlNode> Keys(YamlMappingNode mapping, IReadOnlyCollection<string>? allowed, string prefix)
    {
        var result = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (keyNode, value) in mapping.Children)
        {
            var key = Scalar(keyNode, prefix + "?");
            if (allowed is not null && !allowed.Contains(key, StringComparer.Ordinal))
            {
                throw Error($"unknown key '{prefix}{key}' at line {keyNode.Start.Line}; allowed here: {string.Join(", ", allowed)}.");
            }

            result[key] = value;
        }

        return result;
    }

    public YamlMappingNode Mapping(YamlNode node, string key) =>
        node as YamlMappingNode ?? throw Error($"key '{key}' at line {node.Start.Line} must be a mapping of keys to values.");

    public string Scalar(YamlNode node, string key) =>
        node is YamlScalarNode { Value: { Length: > 0 } value }
            ? value
            : throw Error($"key '{key}' at line {node.Start.Line} must be a non-empty text value.");

    public ConfigurationException Error(string message) => new($"{Source}: {message}");
}
