using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImServerTests.Yaml;
using Json.Pointer;
using Json.Schema;

namespace ImServerTests.Conformance;

/// <summary>
/// The protocol's AsyncAPI 3 contract, read once: every message with its compiled payload schema, and the
/// operations that say which messages answer which request. Checks a frame against a message and names each
/// rule it breaks ("msgId: ... does not match format uuid"). Every problem with the file itself is a
/// <see cref="ContractException"/> naming the file and the place.
/// </summary>
public sealed class Contract
{
    private static readonly EvaluationOptions Detailed = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
    private static readonly EvaluationOptions Quick = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };

    private readonly Dictionary<string, ContractMessage> _messages;

    private Contract(string source, Dictionary<string, ContractMessage> messages, Dictionary<string, ContractOperation> operations)
    {
        Source = source;
        _messages = messages;
        Operations = operations;
        Received = operations.Values
            .SelectMany(o => o.Action == "receive" ? o.Messages : o.Replies)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The file the contract was read from.</summary>
    public string Source { get; }

    public IReadOnlyDictionary<string, ContractMessage> Messages => _messages;

    public IReadOnlyDictionary<string, ContractOperation> Operations { get; }

    /// <summary>Every message a client can receive: the replies of what it sends, and what it is pushed.</summary>
    public IReadOnlyList<string> Received { get; }

    public static Contract Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ContractException($"{path}: file not found. Point IMSERVER_CONTRACT at an AsyncAPI 3 document, or restore contract/imserver.asyncapi.yaml.");
        }

        using var reader = File.OpenText(path);
        return Parse(reader, path);
    }

    /// <summary>Reads a contract from YAML text; <paramref name="source"/> names it in messages.</summary>
    public static Contract Parse(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        YamlJson yaml;
        try
        {
            yaml = YamlJson.Parse(reader.ReadToEnd(), source);
        }
        catch (YamlReadException e)
        {
            throw new ContractException($"{source}: {e.Problem} (at line {e.Line}, column {e.Column})", e);
        }

        if (yaml.Root is not JsonObject root)
        {
            throw new ContractException($"{source}: not an AsyncAPI document: expected a mapping with the keys asyncapi, info, channels, operations, components.");
        }

        return new ContractReader(source, root, yaml).Read();
    }

    /// <summary>The message of that name, or an error listing the names the contract has.</summary>
    public ContractMessage Message(string name) =>
        _messages.TryGetValue(name, out var message)
            ? message
            : throw new ArgumentException($"{Source} has no message '{name}'; it has: {string.Join(", ", _messages.Keys)}", nameof(name));

    /// <summary>The messages that answer an operation (its reply), or that it carries when it is a push.</summary>
    public IReadOnlyList<string> ExpectedFrom(string operation) =>
        Operations.TryGetValue(operation, out var found)
            ? found.Action == "receive" ? found.Messages : found.Replies
            : throw new ArgumentException($"{Source} has no operation '{operation}'; it has: {string.Join(", ", Operations.Keys)}", nameof(operation));

    /// <summary>Every rule of the message's payload the frame breaks, one line each as "path: what is wrong"; empty when it conforms.</summary>
    public IReadOnlyList<string> Violations(string frame, string message)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var schema = Message(message).Payload;
        using var document = TryParse(frame, out var parseError);
        if (document is null)
        {
            return [$"the frame is not JSON ({parseError})"];
        }

        var results = schema.Evaluate(document.RootElement, Detailed);
        if (results.IsValid)
        {
            return [];
        }

        var lines = new List<string>();
        // In the List format every node of the evaluation, the root's too, is one of the Details.
        foreach (var detail in results.Details!)
        {
            foreach (var error in detail.Errors ?? new Dictionary<string, string>())
            {
                var where = detail.InstanceLocation.ToString().TrimStart('/');
                // The library quotes expected texts as JSON inside its message; shown plainly they read better.
                var text = error.Value.Replace("\\u0022", "\"", StringComparison.Ordinal);
                lines.Add($"{(where.Length == 0 ? "the frame" : where.Replace('/', '.'))}: {text} ({error.Key})");
            }
        }

        return lines.Count == 0 ? ["the frame does not conform"] : lines.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>True when the frame conforms to at least one message a client can receive.</summary>
    public bool MatchesAnyReceived(string frame) => Conforming(frame, Received, firstOnly: true).Count > 0;

    /// <summary>The messages a client can receive that the frame conforms to; empty when it matches none at all.</summary>
    public IReadOnlyList<string> MatchingReceived(string frame) => Conforming(frame, Received);

    /// <summary>
    /// The messages of <paramref name="candidates"/> the frame conforms to, its JSON read once. With
    /// <paramref name="firstOnly"/>, at most the first found, trying first the messages of the frame's own type.
    /// </summary>
    public IReadOnlyList<string> Conforming(string frame, IReadOnlyList<string> candidates, bool firstOnly = false)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(candidates);
        using var document = TryParse(frame);
        if (document is null)
        {
            return [];
        }

        var root = document.RootElement;
        var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var found = new List<string>(firstOnly ? 1 : candidates.Count);
        if (firstOnly)
        {
            // The messages of the frame's own type (or of no fixed type) first, then the others, each in the given order.
            for (var pass = 0; pass < 2 && found.Count == 0; pass++)
            {
                foreach (var name in candidates)
                {
                    var otherType = Message(name).Type is { } fixedType && fixedType != type;
                    if (otherType == (pass == 1) && Conforms(name, root))
                    {
                        found.Add(name);
                        break;
                    }
                }
            }

            return found;
        }

        foreach (var name in candidates)
        {
            if (Conforms(name, root))
            {
                found.Add(name);
            }
        }

        return found;
    }

    // The library's verdict, nothing else: the payload's schema, evaluated on the frame.
    private bool Conforms(string name, JsonElement root) => Message(name).Payload.Evaluate(root, Quick).IsValid;

    private static JsonDocument? TryParse(string frame) => TryParse(frame, out _);

    private static JsonDocument? TryParse(string frame, out string? error)
    {
        try
        {
            error = null;
            return JsonDocument.Parse(frame);
        }
        catch (JsonException e)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>
    /// Walks the AsyncAPI document: messages with their payloads, then operations. Each payload is built with its $refs
    /// (#/components/schemas/...) written out in place, so evaluating a frame follows no reference. Only a schema that
    /// contains itself keeps a $ref, into the whole document, which is registered with JsonSchema.Net under one URI.
    /// </summary>
    private sealed class ContractReader(string source, JsonObject root, YamlJson yaml)
    {
        private static readonly Uri DocumentUri = new("https://imservertests.local/contract.asyncapi.json");
        private static readonly HashSet<string> DataKeywords = new(["const", "enum", "default", "examples"], StringComparer.Ordinal);
        private static readonly HashSet<string> SchemaMaps = new(["properties", "patternProperties", "definitions", "dependencies"], StringComparer.Ordinal);

        private readonly BuildOptions _build = Registered(root);

        public Contract Read()
        {
            var version = root["asyncapi"] is JsonValue value && value.TryGetValue(out string? text) ? text : null;
            if (version is null || !version.StartsWith("3.", StringComparison.Ordinal))
            {
                throw Error("/asyncapi", $"not an AsyncAPI 3 document: key 'asyncapi' is '{root["asyncapi"]?.ToJsonString() ?? "missing"}'; this suite reads AsyncAPI 3.0");
            }

            if (root["components"]?["messages"] is not JsonObject messageNodes || messageNodes.Count == 0)
            {
                throw Error("/components", "key 'components.messages' is missing or empty: the suite checks frames against the messages declared there");
            }

            var messages = new Dictionary<string, ContractMessage>(StringComparer.Ordinal);
            foreach (var (name, node) in messageNodes)
            {
                var (message, pointer) = Follow(node, YamlJson.Pointer("/components/messages", name));
                messages[name] = ReadMessage(name, message, pointer);
            }

            var operations = new Dictionary<string, ContractOperation>(StringComparer.Ordinal);
            foreach (var (name, node) in root["operations"] as JsonObject ?? [])
            {
                operations[name] = ReadOperation(name, node as JsonObject ?? throw Error(YamlJson.Pointer("/operations", name), "an operation must be a mapping"), messages);
            }

            return new Contract(source, messages, operations);
        }

        private static BuildOptions Registered(JsonObject document)
        {
            var registry = new SchemaRegistry();
            registry.Register(DocumentUri, new JsonElementBaseDocument(JsonSerializer.SerializeToElement(document), DocumentUri));
            return new BuildOptions { Dialect = Dialect.Draft07, SchemaRegistry = registry };
        }

        private ContractMessage ReadMessage(string name, JsonNode? node, string pointer)
        {
            if (node?["payload"] is null)
            {
                throw Error(pointer, $"message '{name}' has no payload: give it a JSON Schema under 'payload'");
            }

            var payloadPointer = pointer + "/payload";
            var payload = Inline(node["payload"], payloadPointer, [payloadPointer]);
            try
            {
                var schema = JsonSchema.Build(JsonSerializer.SerializeToElement(payload), _build, new Uri($"https://imservertests.local/messages/{Uri.EscapeDataString(name)}"));
                var title = node["title"]?.GetValue<string>() ?? name;
                var examples = (node["examples"] as JsonArray ?? []).Select(e => e?["payload"]?.ToJsonString() ?? "null").ToList();
                return new ContractMessage(name, title, schema, examples, FixedType(payload));
            }
            catch (Exception e) when (e is JsonSchemaException or JsonException or ArgumentException or InvalidOperationException or FormatException or RefResolutionException)
            {
                throw new ContractException(
                    $"{source}: the payload schema of message '{name}' at {yaml.PlaceOf(payloadPointer)} does not compile: {e.Message}", e);
            }
        }

        // The const of the type field, of the payload or of a branch of its allOf (a frame must meet them all); null
        // when the type is not fixed.
        private static string? FixedType(JsonNode? payload) =>
            payload is not JsonObject schema ? null
            : schema["properties"] is JsonObject properties && properties["type"] is JsonObject type && type["const"] is JsonValue value && value.TryGetValue(out string? text) ? text
            : (schema["allOf"] as JsonArray ?? []).Select(FixedType).FirstOrDefault(t => t is not null);

        private ContractOperation ReadOperation(string name, JsonObject node, Dictionary<string, ContractMessage> messages)
        {
            var pointer = YamlJson.Pointer("/operations", name);
            var action = node["action"] is JsonValue a && a.TryGetValue(out string? text) ? text : null;
            if (action is not ("send" or "receive"))
            {
                throw Error(pointer + "/action", $"operation '{name}' has action '{action ?? "missing"}': use send or receive");
            }

            return new ContractOperation(name, action,
                MessageNames(node["messages"], pointer + "/messages", messages),
                MessageNames(node["reply"]?["messages"], pointer + "/reply/messages", messages));
        }

        // An operation names its messages by reference (through its channel's messages); each must end at one of
        // the messages under components.messages.
        private List<string> MessageNames(JsonNode? list, string pointer, Dictionary<string, ContractMessage> messages)
        {
            var names = new List<string>();
            var index = 0;
            foreach (var item in list as JsonArray ?? [])
            {
                var (_, target) = Follow(item, pointer + "/" + index++);
                const string prefix = "/components/messages/";
                var name = target.StartsWith(prefix, StringComparison.Ordinal)
                    ? target[prefix.Length..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)
                    : null;
                names.Add(name is not null && messages.ContainsKey(name)
                    ? name
                    : throw Error(pointer, $"a message of this list resolves to '#{target}', not to a message under components.messages"));
            }

            return names;
        }

        // A copy of a schema with each $ref replaced by what it points to, written out in turn. Following every
        // reference here also finds a broken one: it stops the load, not a test in the middle of a run. A $ref back to a
        // schema being written out (one that contains itself) stays, absolute, into the registered document. In draft 7
        // a $ref's sibling keywords are ignored, so the target alone takes its place. The values of const, enum, default
        // and examples are data, copied as they are; those of properties and the like are maps of schemas by name.
        private JsonNode? Inline(JsonNode? node, string pointer, HashSet<string> open)
        {
            switch (node)
            {
                case JsonObject obj when obj["$ref"] is JsonValue reference && reference.TryGetValue(out string? _):
                    var (target, at) = Follow(obj, pointer);
                    if (!open.Add(at))
                    {
                        return new JsonObject { ["$ref"] = DocumentUri + "#" + at };
                    }

                    var inlined = Inline(target, at, open);
                    open.Remove(at);
                    return inlined;
                case JsonObject schema:
                    var copy = new JsonObject();
                    foreach (var (key, value) in schema)
                    {
                        var place = YamlJson.Pointer(pointer, key);
                        copy[key] = DataKeywords.Contains(key) ? value?.DeepClone()
                            : SchemaMaps.Contains(key) && value is JsonObject map ? new JsonObject(map.Select(p => KeyValuePair.Create(p.Key, Inline(p.Value, YamlJson.Pointer(place, p.Key), open))))
                            : Inline(value, place, open);
                    }

                    return copy;
                case JsonArray array:
                    return new JsonArray([.. array.Select((item, i) => Inline(item, YamlJson.Pointer(pointer, i.ToString(CultureInfo.InvariantCulture)), open))]);
                default:
                    return node?.DeepClone();
            }
        }

        // Follows the document's own $ref chains (an operation's message to its channel's, to components.messages).
        private (JsonNode? Node, string Pointer) Follow(JsonNode? node, string pointer)
        {
            var followed = new HashSet<string>(StringComparer.Ordinal);
            while (node is JsonObject obj && obj["$ref"] is JsonValue reference && reference.TryGetValue(out string? target))
            {
                if (!target.StartsWith("#/", StringComparison.Ordinal))
                {
                    throw Error(pointer, $"$ref '{target}' cannot be followed: use a reference inside this document, like '#/components/messages/name'");
                }

                if (!followed.Add(target))
                {
                    throw Error(pointer, $"$ref '{target}' leads back to itself: a chain of references must end at a schema or a message");
                }

                // A reference to nothing is shown where it is written.
                node = JsonPointer.Parse(target[1..]).TryEvaluate(root, out var found)
                    ? found
                    : throw Error(pointer, $"$ref '{target}' points to nothing in the document");
                pointer = target[1..];
            }

            return (node, pointer);
        }

        private ContractException Error(string pointer, string problem) => new($"{source}: {problem} (at {yaml.PlaceOf(pointer)}, #{pointer}).");
    }
}
