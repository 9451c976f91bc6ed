using System.Text.Json.Nodes;
using ImServerTests.Conformance;
using ImServerTests.Yaml;

namespace ImServerTests.TestKit.Fuzzing.Frames;

/// <summary>
/// One field of a request message as the contract's payload schema gives it: whether it is required, a const
/// (match, system), the values it must not be (the unknown type's not-enum), a pattern, and the named schema it
/// refers to (userId, nonBlankText), which says what kind of value to generate.
/// </summary>
public sealed record FieldSchema(string Name, bool Required, string? Const, IReadOnlyList<string> Excluded, string? Pattern, string? SchemaName);

/// <summary>A message a client sends: its name in the contract and, for a JSON object, its fields; no fields: the contract takes any payload (unreadableFrame).</summary>
public sealed record RequestMessage(string Name, IReadOnlyList<FieldSchema> Fields)
{
    public bool IsObject => Fields.Count > 0;

    public FieldSchema? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);
}

/// <summary>
/// The messages a client sends, read from the contract's send operations and their payload schemas: what the frame
/// generators build on, so a field, a const or a pattern added to the contract reaches the fuzzing without a code change.
/// Also the id patterns (teacherId, customerId) of its components, which generated ids must match.
/// </summary>
public sealed record RequestSchemas(IReadOnlyList<RequestMessage> Messages, string TeacherIdPattern, string CustomerIdPattern)
{
    public RequestMessage this[string name] => Messages.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"the contract sends no message '{name}'; it sends: {string.Join(", ", Messages.Select(m => m.Name))}", nameof(name));

    /// <summary>The request messages of <paramref name="contract"/> (its send operations), read from its file.</summary>
    public static RequestSchemas Of(Contract contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var document = YamlJson.Load(contract.Source).Root as JsonObject
            ?? throw new ContractException($"{contract.Source}: not an AsyncAPI document");
        var names = contract.Operations.Values.Where(o => o.Action == "send").SelectMany(o => o.Messages).Distinct(StringComparer.Ordinal);
        var messages = names.Select(name => Read(document, name, contract.Source)).ToList();
        return new RequestSchemas(messages, Pattern(document, "teacherId", contract.Source), Pattern(document, "customerId", contract.Source));
    }

    private static RequestMessage Read(JsonObject document, string name, string source)
    {
        var payload = Follow(document, document["components"]?["messages"]?[name]?["payload"]).Node as JsonObject;
        if (payload?["properties"] is not JsonObject properties)
        {
            return new RequestMessage(name, []);
        }

        var required = (payload["required"] as JsonArray ?? []).Select(r => r?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var fields = properties.Select(p =>
        {
            var (schema, refName) = Follow(document, p.Value);
            return new FieldSchema(
                p.Key,
                required.Contains(p.Key),
                schema?["const"]?.GetValue<string>(),
                [.. (schema?["not"]?["enum"] as JsonArray ?? []).Select(v => v?.GetValue<string>() ?? "")],
                schema?["pattern"]?.GetValue<string>(),
                refName);
        }).ToList();
        return fields.Count > 0 ? new RequestMessage(name, fields) : throw new ContractException($"{source}: message '{name}' has an object payload without properties");
    }

    private static string Pattern(JsonObject document, string schema, string source) =>
        document["components"]?["schemas"]?[schema]?["pattern"]?.GetValue<string>()
        ?? throw new ContractException($"{source}: components.schemas.{schema} has no pattern; the fuzzing makes its ids from it");

    // The schema a node refers to through the document's own $refs, and the name of the last named schema on the way.
    private static (JsonNode? Node, string? Name) Follow(JsonObject document, JsonNode? node)
    {
        string? name = null;
        for (var hops = 0; hops < 16 && node is JsonObject obj && obj["$ref"]?.GetValue<string>() is { } target && target.StartsWith("#/", StringComparison.Ordinal); hops++)
        {
            var parts = target[2..].Split('/');
            name = parts[^1];
            node = parts.Aggregate<string, JsonNode?>(document, (n, part) => n?[part]);
        }

        return (node, name);
    }
}
