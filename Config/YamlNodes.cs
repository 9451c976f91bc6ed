using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImServerTests.Yaml;

namespace ImServerTests.Config;

/// <summary>A value of websocket.yml with the JSON pointer it stands at, so a message can say where it was.</summary>
internal readonly record struct YamlValue(JsonNode? Node, string Pointer);

/// <summary>
/// websocket.yml's own rules on top of the project's one YAML reading (<see cref="YamlJson"/>, the YAML 1.2 core
/// schema): which keys a mapping allows, and which values are texts, numbers or booleans. Errors name the file,
/// the key, its line and what is allowed.
/// </summary>
internal sealed class YamlNodes(YamlJson document)
{
    public string Source => document.Source;

    public YamlValue Root => new(document.Root, "");

    /// <summary>The members of a mapping; a key outside <paramref name="allowed"/> (when given) is an error.</summary>
    public Dictionary<string, YamlValue> Keys(YamlValue mapping, IReadOnlyCollection<string>? allowed, string prefix)
    {
        var result = new Dictionary<string, YamlValue>(StringComparer.Ordinal);
        foreach (var (key, value) in Mapping(mapping, prefix.TrimEnd('.')))
        {
            var pointer = YamlJson.Pointer(mapping.Pointer, key);
            if (allowed is not null && !allowed.Contains(key, StringComparer.Ordinal))
            {
                throw Error($"unknown key '{prefix}{key}' at line {document.KeyPlaceOf(pointer).Line}; allowed here: {string.Join(", ", allowed)}.");
            }

            result[key] = new YamlValue(value, pointer);
        }

        return result;
    }

    public JsonObject Mapping(YamlValue value, string key) =>
        value.Node as JsonObject ?? throw Error($"key '{key}' at line {LineOf(value)} must be a mapping of keys to values.");

    /// <summary>A non-empty text. A number or boolean is refused rather than guessed at: quoting it makes it a text.</summary>
    public string Text(YamlValue value, string key)
    {
        if (value.Node is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.String && scalar.GetValue<string>() is { Length: > 0 } text)
        {
            return text;
        }

        throw Error($"key '{key}' at line {LineOf(value)} must be a non-empty text, not {YamlJson.Describe(value.Node)}" +
            (value.Node is JsonValue ? $"; quote it (\"{value.Node.ToJsonString().Trim('"')}\") if it is meant as text." : "."));
    }

    /// <summary>A number, written without quotes.</summary>
    public double Number(YamlValue value, string key) =>
        value.Node is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.Number
            ? double.Parse(scalar.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : throw Error($"key '{key}' at line {LineOf(value)} must be a number, not {YamlJson.Describe(value.Node)}; write it without quotes, for example 5.");

    /// <summary>true or false, written without quotes.</summary>
    public bool Boolean(YamlValue value, string key) =>
        value.Node is JsonValue scalar && scalar.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? scalar.GetValue<bool>()
            : throw Error($"key '{key}' at line {LineOf(value)} is {YamlJson.Describe(value.Node)}: use true or false.");

    public int LineOf(YamlValue value) => document.PlaceOf(value.Pointer).Line;

    public int KeyLineOf(YamlValue value) => document.KeyPlaceOf(value.Pointer).Line;

    public ConfigurationException Error(string message) => new($"{Source}: {message}");


    /// <summary>Seconds as written, for messages: "5", "0.3".</summary>
    public static string Shown(double seconds) => seconds.ToString(CultureInfo.InvariantCulture);
}
