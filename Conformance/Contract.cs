using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

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
        var stream = new YamlStream();
        try
        {
            stream.Load(reader);
        }
        catch (YamlException e)
        {
            throw new ContractException($"{source}: not valid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode)
        {
            throw new ContractException($"{source}: not an AsyncAPI document: expected a mapping with the keys asyncapi, info, channels, operations, components.");
        }

        var yaml = new YamlToJson();
        var root = yaml.Convert(stream.Documents[0].RootNode)!.AsObject();
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

    /// <summary>True when the frame's JSON conforms to the message's payload. Fast: no details are collected.</summary>
    public bool ConformsTo(string frame, string message)
    {
        ArgumentNullException.ThrowIfNull(frame);
        using var document = TryParse(frame);
        return document is not null && Message(message).Payload.Evaluate(document.RootElement, Quick).IsValid;
    }

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
        foreach (var detail in (results.Details ?? []).Prepend(results))
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
    public bool MatchesAnyReceived(string frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        using var document = TryParse(frame);
        return document is not null && Received.Any(message => Message(message).Payload.Evaluate(document.RootElement, Quick).IsValid);
    }

    /// <summary>The messages a client can receive that the frame conforms to; empty when it matches none at all.</summary>
    public IReadOnlyList<string> MatchingReceived(string frame) =>
        Received.Where(message => ConformsTo(frame, message)).ToList();

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

    /// <summary>Walks the AsyncAPI document: messages with their payloads (references resolved), then operations.</summary>
    private sealed class ContractReader(string source, JsonObject root, YamlToJson yaml)
    {
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
                messages[name] = ReadMessage(name, Resolve(node, $"/components/messages/{name}").Node);
            }

            var operations = new Dictionary<string, ContractOperation>(StringComparer.Ordinal);
            foreach (var (name, node) in root["operations"] as JsonObject ?? [])
            {
                operations[name] = ReadOperation(name, node as JsonObject ?? throw Error($"/operations/{name}", "an operation must be a mapping"), messages);
            }

            return new Contract(source, messages, operations);
        }

        private ContractMessage ReadMessage(string name, JsonNode? node)
        {
            var pointer = $"/components/messages/{name}";
            if (node?["payload"] is not { } payload)
            {
                throw Error(pointer, $"message '{name}' has no payload: give it a JSON Schema under 'payload'");
            }

            var inlined = Inline(payload, pointer + "/payload", []);
            try
            {
                var schema = JsonSchema.Build(JsonSerializer.SerializeToElement(inlined), new BuildOptions { Dialect = Dialect.Draft07 });
                var title = node["title"]?.GetValue<string>() ?? name;
                var examples = (node["examples"] as JsonArray ?? []).Select(e => e?["payload"]?.ToJsonString() ?? "null").ToList();
                return new ContractMessage(name, title, schema, examples);
            }
            catch (Exception e) when (e is JsonSchemaException or JsonException or ArgumentException or InvalidOperationException or FormatException)
            {
                throw new ContractException($"{source}: the payload schema of message '{name}' at {yaml.PlaceOf(pointer + "/payload")} does not compile: {e.Message}", e);
            }
        }

        private ContractOperation ReadOperation(string name, JsonObject node, Dictionary<string, ContractMessage> messages)
        {
            var pointer = $"/operations/{name}";
            var action = node["action"]?.GetValue<string>();
            if (action is not ("send" or "receive"))
            {
                throw Error(pointer + "/action", $"operation '{name}' has action '{action ?? "missing"}': use send or receive");
            }

            return new ContractOperation(name, action,
                MessageNames(node["messages"], pointer + "/messages", messages),
                MessageNames(node["reply"]?["messages"], pointer + "/reply/messages", messages));
        }

        private List<string> MessageNames(JsonNode? list, string pointer, Dictionary<string, ContractMessage> messages)
        {
            var names = new List<string>();
            var index = 0;
            foreach (var item in list as JsonArray ?? [])
            {
                var target = Resolve(item, $"{pointer}/{index++}").Pointer;
                const string prefix = "/components/messages/";
                var name = target.StartsWith(prefix, StringComparison.Ordinal) ? target[prefix.Length..] : null;
                names.Add(name is not null && messages.ContainsKey(name)
                    ? name
                    : throw Error(pointer, $"a message of this list resolves to '#{target}', not to a message under components.messages"));
            }

            return names;
        }

        // Follows $ref chains within the document; returns the node they end at and its pointer.
        private (JsonNode? Node, string Pointer) Resolve(JsonNode? node, string pointer)
        {
            for (var hops = 0; node is JsonObject obj && obj["$ref"] is JsonValue reference; hops++)
            {
                var target = reference.GetValue<string>();
                if (hops > 16 || !target.StartsWith("#/", StringComparison.Ordinal))
                {
                    throw Error(pointer, $"$ref '{target}' cannot be followed: use a reference inside this document, like '#/components/schemas/name'");
                }

                pointer = target[1..];
                node = Find(pointer) ?? throw Error(pointer, $"$ref '{target}' points to nothing in the document");
            }

            return (node, pointer);
        }

        // A copy of the schema with every $ref replaced by what it points to, so each payload stands alone.
        private JsonNode? Inline(JsonNode? node, string pointer, HashSet<string> following)
        {
            var (resolved, at) = Resolve(node, pointer);
            if (at != pointer && !following.Add(at))
            {
                throw Error(pointer, $"$ref to '#{at}' refers to itself: a payload schema must not be recursive");
            }

            try
            {
                return resolved switch
                {
                    JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, Inline(p.Value, $"{at}/{p.Key}", following)))),
                    JsonArray array => new JsonArray(array.Select((item, i) => Inline(item, $"{at}/{i}", following)).ToArray()),
                    _ => resolved?.DeepClone(),
                };
            }
            finally
            {
                following.Remove(at);
            }
        }

        private JsonNode? Find(string pointer)
        {
            JsonNode? node = root;
            foreach (var part in pointer.Split('/').Skip(1))
            {
                var key = part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                node = node switch
                {
                    JsonObject obj => obj[key],
                    JsonArray array when int.TryParse(key, out var i) && i >= 0 && i < array.Count => array[i],
                    _ => null,
                };
            }

            return node;
        }

        private ContractException Error(string pointer, string problem) => new($"{source}: {problem} (at {yaml.PlaceOf(pointer)}, #{pointer}).");
    }
}
