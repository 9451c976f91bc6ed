using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ImServerTests.Conformance;

/// <summary>
/// Turns a YAML document into JSON, as an AsyncAPI tool reads it: a plain scalar that reads as null, a boolean
/// or a number is one; anything quoted is text. Remembers where each node stood, for messages about the file.
/// </summary>
internal sealed class YamlToJson
{
    private readonly Dictionary<string, Mark> _places = new(StringComparer.Ordinal);

    /// <summary>"line L, column C" of the node at a JSON pointer, or "the root" when unknown.</summary>
    public string PlaceOf(string pointer) =>
        _places.TryGetValue(pointer, out var mark) ? $"line {mark.Line}, column {mark.Column}" : "the root";

    public JsonNode? Convert(YamlNode root) => Convert(root, "");

    private JsonNode? Convert(YamlNode node, string pointer)
    {
        _places[pointer] = node.Start;
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = key is YamlScalarNode { Value: { } text } ? text : key.ToString();
                    obj[name] = Convert(value, pointer + "/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal));
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                var index = 0;
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(item, $"{pointer}/{index++}"));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new InvalidOperationException($"YAML node of kind {node.NodeType} at line {node.Start.Line} is not supported");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(text.Equals("true", StringComparison.OrdinalIgnoreCase));
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return JsonValue.Create(whole);
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && !double.IsInfinity(real)
            ? JsonValue.Create(real)
            : JsonValue.Create(text);
    }
}
