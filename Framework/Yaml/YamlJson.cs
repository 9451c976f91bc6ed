using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ImServerTests.Yaml;

/// <summary>Where a node stood in its file: 1-based line and column.</summary>
public readonly record struct Place(int Line, int Column)
{
    public override string ToString() => $"line {Line}, column {Column}";
}

/// <summary>
/// A YAML document read as JSON by the YAML 1.2 core schema: a plain scalar is null (empty, ~, null, Null, NULL),
/// a boolean (true/True/TRUE, false/False/FALSE), an integer (decimal, 0o octal, 0x hex) or a float when it reads
/// as one, else text; a quoted or block scalar is always text. Every node's place is kept by its JSON pointer
/// (RFC 6901), so a reader that walks the JSON can say where each value and key stood.
/// </summary>
public sealed partial class YamlJson
{
    private readonly Dictionary<string, Place> _values;
    private readonly Dictionary<string, Place> _keys;

    private YamlJson(string source, JsonNode? root, Dictionary<string, Place> values, Dictionary<string, Place> keys)
    {
        Source = source;
        Root = root;
        _values = values;
        _keys = keys;
    }

    /// <summary>The file (or name) the document came from, for messages.</summary>
    public string Source { get; }

    /// <summary>The document as JSON; null for an empty document (or one that is a null scalar).</summary>
    public JsonNode? Root { get; }

    /// <summary>Reads the first document of <paramref name="text"/>; YAML errors name the file, line and column.</summary>
    public static YamlJson Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var problem = e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
            throw new YamlReadException(source, (int)e.Start.Line, (int)e.Start.Column, $"not valid YAML: {problem}");
        }
        catch (ArgumentException e)
        {
            // YamlDotNet reports a key given twice this way.
            throw new YamlReadException(source, 1, 1, $"not valid YAML: {e.Message}");
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            throw new YamlReadException(source, (int)second.Line, (int)second.Column, "holds more than one YAML document; keep one per file");
        }

        var values = new Dictionary<string, Place>(StringComparer.Ordinal);
        var keys = new Dictionary<string, Place>(StringComparer.Ordinal);
        var root = stream.Documents.Count == 0 ? null : new Converter(source, values, keys).Convert(stream.Documents[0].RootNode, "");
        return new YamlJson(source, root, values, keys);
    }

    /// <summary>Reads a file; a missing file is a <see cref="FileNotFoundException"/>.</summary>
    public static YamlJson Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>The pointer of a member or item below <paramref name="parent"/>: "/a/b~1c/0".</summary>
    public static string Pointer(string parent, string keyOrIndex)
    {
        ArgumentNullException.ThrowIfNull(keyOrIndex);
        return parent + "/" + keyOrIndex.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
    }

    /// <summary>Where the value at <paramref name="pointer"/> stood; the nearest known parent's place when it is not there.</summary>
    public Place PlaceOf(string pointer) => Find(_values, pointer);

    /// <summary>Where the key of the member at <paramref name="pointer"/> stood (for "unknown key" messages).</summary>
    public Place KeyPlaceOf(string pointer) => _keys.TryGetValue(pointer, out var place) ? place : PlaceOf(pointer);

    private Place Find(Dictionary<string, Place> places, string pointer)
    {
        for (var at = pointer; ; at = at[..at.LastIndexOf('/')])
        {
            if (places.TryGetValue(at, out var place))
            {
                return place;
            }

            if (at.Length == 0)
            {
                return new Place(1, 1);
            }
        }
    }

    /// <summary>The core schema's reading of a plain scalar's text.</summary>
    public static JsonNode? ResolvePlain(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (NullPattern().IsMatch(text))
        {
            return null;
        }

        if (BoolPattern().IsMatch(text))
        {
            return JsonValue.Create(text[0] is 't' or 'T');
        }

        if (IntPattern().IsMatch(text))
        {
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
                ? JsonValue.Create(whole)
                : JsonValue.Create(decimal.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }

        if (OctalPattern().IsMatch(text))
        {
            return JsonValue.Create(Convert.ToInt64(text[2..], 8));
        }

        if (HexPattern().IsMatch(text))
        {
            return JsonValue.Create(long.Parse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
        }

        if (FloatPattern().IsMatch(text))
        {
            return JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        return JsonValue.Create(text);
    }

    /// <summary>A value in words, for messages: "empty", "a mapping", "a list", "the text 'x'", "the number 5", "the boolean true".</summary>
    public static string Describe(JsonNode? node) => node switch
    {
        null => "empty",
        JsonObject => "a mapping",
        JsonArray => "a list",
        _ => node.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => $"the text '{node.GetValue<string>()}'",
            System.Text.Json.JsonValueKind.Number => $"the number {node.ToJsonString()}",
            _ => $"the boolean {node.ToJsonString()}",
        },
    };

    /// <summary>Whether a plain scalar's text is one of the core schema's infinities or not-a-number, which JSON cannot hold.</summary>
    public static bool IsSpecialFloat(string text) => SpecialFloatPattern().IsMatch(text);

    [GeneratedRegex("^(|~|null|Null|NULL)$")]
    private static partial Regex NullPattern();

    [GeneratedRegex("^(true|True|TRUE|false|False|FALSE)$")]
    private static partial Regex BoolPattern();

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex("^0o[0-7]+$")]
    private static partial Regex OctalPattern();

    [GeneratedRegex("^0x[0-9a-fA-F]+$")]
    private static partial Regex HexPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^([-+]?\.(inf|Inf|INF)|\.nan|\.NaN|\.NAN)$")]
    private static partial Regex SpecialFloatPattern();

    private sealed class Converter(string source, Dictionary<string, Place> values, Dictionary<string, Place> keys)
    {
        public JsonNode? Convert(YamlNode node, string pointer)
        {
            values[pointer] = PlaceOf(node);
            switch (node)
            {
                case YamlMappingNode mapping:
                    var obj = new JsonObject();
                    foreach (var (key, value) in mapping.Children)
                    {
                        if (key is not YamlScalarNode { Value: { } name })
                        {
                            throw Error(key, "a key must be a plain text, not a list or a mapping");
                        }

                        var member = Pointer(pointer, name);
                        keys[member] = PlaceOf(key);
                        obj[name] = Convert(value, member);
                    }

                    return obj;
                case YamlSequenceNode sequence:
                    var array = new JsonArray();
                    var index = 0;
                    foreach (var item in sequence.Children)
                    {
                        array.Add(Convert(item, Pointer(pointer, (index++).ToString(CultureInfo.InvariantCulture))));
                    }

                    return array;
                case YamlScalarNode scalar:
                    var text = scalar.Value ?? "";
                    if (scalar.Style is not ScalarStyle.Plain)
                    {
                        return JsonValue.Create(text);
                    }

                    if (IsSpecialFloat(text))
                    {
                        throw Error(node, $"'{text}' is an infinity or not-a-number, which JSON cannot hold; quote it for a text");
                    }

                    return ResolvePlain(text);
                default:
                    throw Error(node, $"a YAML node of kind {node.NodeType} is not supported");
            }
        }

        private static Place PlaceOf(YamlNode node) => new((int)node.Start.Line, (int)node.Start.Column);

        private YamlReadException Error(YamlNode node, string problem) => new(source, (int)node.Start.Line, (int)node.Start.Column, problem);
    }
}
