using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using ImServerTests.Conformance;
using ImServerTests.Yaml;
using Json.Schema;

namespace ImServerTests.Specs.Conformance;

/// <summary>
/// The contract's verdict on a frame is JsonSchema.Net's on the payload as the document states it: each payload
/// evaluated by reference into the whole registered document, where the library follows every $ref itself. Frames
/// come from CsCheck: a shipped example or a refusal with up to three fields removed or given values the messages
/// tell apart (and some they never name), so many conform to a message and many miss one by a field; a failure
/// prints the smallest frame and its seed.
/// </summary>
[AllureEpic("Conformance")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("The AsyncAPI contract")]
public sealed class LibraryVerdictSpecs
{
    private static readonly Contract Shipped = ContractFile.Load(_ => null);

    private static readonly string[] Fields = ["code", "type", "from", "to", "msg", "msgId", "timestamp", "note"];

    private static readonly Gen<JsonNode?> Value = Gen.Frequency(
        (12, Gen.OneOf(
            "0", "1", "system", "admin", "match", "normal", "receipt", "push success", "消息内容为空", "你好", "", " ",
            "cf2137234f3943e3898df8fcd14f099a__mtx", "cf2137234f3943e3898df8fcd14f099a", "x__mtx", "130f4370-6b2b-4634-b3f1-59a9728eb8f1",
            "130F4370-6B2B-4634-B3F1-59A9728EB8F1", "130f43706b2b4634b3f159a9728eb8f1", "130f4370-6b2b-4634-b3f1-59a9728eb8fz", "1665631227681",
            "166563122768", "16656312276810").Select(text => (JsonNode?)JsonValue.Create(text))),
        (2, Gen.String.Select(text => (JsonNode?)JsonValue.Create(text))),
        (1, Gen.OneOf<JsonNode?>(null, JsonValue.Create(0), JsonValue.Create(true), new JsonArray(), new JsonObject())));

    // A frame of the shipped messages' examples, or a refusal of each type, with none to three fields changed or
    // removed: most stay one field away from a message.
    private static readonly string[] Bases =
    [
        .. Shipped.Messages.Values.SelectMany(m => m.Examples).Where(e => e.StartsWith('{')),
        .. new[] { "match", "normal", "receipt" }.Select(type =>
            $$"""{"code":"1","from":"system","msg":"no","msgId":"0f9e2c4d-7b1a-4c3e-9d2f-6a5b4c3d2e1f","timestamp":"1665631230000","to":"admin","type":"{{type}}"}"""),
        """{"code":"0","from":"system","msg":"admin","msgId":"4c7ff9b3-ce6b-4891-8c14-41e0f45e0bd0","timestamp":"1665630374482","to":"cf2137234f3943e3898df8fcd14f099a__mtx","type":"match"}""",
    ];

    private static readonly Gen<(string Field, bool Remove, JsonNode? Value)> Change = Gen.Select(Gen.OneOf(Fields), Gen.Int[0, 4], Value, (field, kind, value) => (field, kind == 0, value));

    private static readonly Gen<string> Frame = Gen.Select(Gen.OneOf(Bases), Change.Array[0, 3], (text, changes) =>
    {
        var frame = JsonNode.Parse(text)!.AsObject();
        foreach (var (field, remove, value) in changes)
        {
            if (remove)
            {
                frame.Remove(field);
            }
            else
            {
                frame[field] = value?.DeepClone();
            }
        }

        return frame.ToJsonString();
    });

    [Test]
    public void Every_message_takes_a_frame_exactly_when_the_library_takes_it_by_reference_into_the_document()
    {
        var byReference = ByReference(Shipped.Source);
        var quick = new EvaluationOptions { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };
        var conforming = 0;

        Frame.Sample(frame =>
        {
            using var document = JsonDocument.Parse(frame);
            var library = byReference.Where(m => m.Value.Evaluate(document.RootElement, quick).IsValid).Select(m => m.Key).ToList();
            Shipped.Conforming(frame, [.. Shipped.Messages.Keys]).Should().Equal(library, frame);
            Shipped.Messages.Keys.Where(m => Shipped.Violations(frame, m).Count == 0).Should().Equal(library, "a frame has violations exactly where it does not conform");
            var received = library.Where(Shipped.Received.Contains).ToList();
            Shipped.Conforming(frame, Shipped.Received, firstOnly: true).Should().HaveCount(Math.Min(1, received.Count), "one is found when there is any")
                .And.BeSubsetOf(received);
            if (library.Any(m => m != "unreadableFrame"))
            {
                Interlocked.Increment(ref conforming);
            }

        }, iter: 2_000);

        conforming.Should().BeInRange(200, 1_800, "the frames exercise both sides of the messages (every frame is an unreadableFrame)");
    }

    // The library's own reading of the document: each payload a reference to where it stands.
    private static Dictionary<string, JsonSchema> ByReference(string path)
    {
        var root = YamlJson.Load(path).Root!.AsObject();
        var uri = new Uri("https://library.local/contract.json");
        var registry = new SchemaRegistry();
        registry.Register(uri, new JsonElementBaseDocument(JsonSerializer.SerializeToElement(root), uri));
        var build = new BuildOptions { Dialect = Dialect.Draft07, SchemaRegistry = registry };
        return root["components"]!["messages"]!.AsObject().ToDictionary(
            m => m.Key,
            m => JsonSchema.Build(JsonSerializer.SerializeToElement(new JsonObject { ["$ref"] = $"{uri}#/components/messages/{m.Key}/payload" }), build, new Uri($"https://library.local/{m.Key}")));
    }
}
