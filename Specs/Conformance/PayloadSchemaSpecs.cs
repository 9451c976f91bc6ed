using System.Text.Json;
using ImServerTests.Conformance;

namespace ImServerTests.Specs.Conformance;

/// <summary>
/// Each message's payload schema as the contract builds it: its $refs written out in place, so that evaluating a
/// frame follows no reference, with the meaning the document gives them; and the fixed type that orders the messages
/// a frame is tried against.
/// </summary>
[AllureEpic("Conformance")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("The AsyncAPI contract")]
public sealed class PayloadSchemaSpecs
{
    private static readonly Contract Shipped = ContractFile.Load(_ => null);

    private static Contract Parse(string components) =>
        Contract.Parse(new StringReader("asyncapi: 3.0.0\ncomponents:\n" + components), "team.asyncapi.yaml");

    [Test]
    public void Every_shipped_payload_is_built_without_a_reference()
    {
        // relayedChat uses userId twice and the refusals reach theirs through allOf: each use is written out.
        Shipped.Messages.Values.Should().OnlyContain(m => !JsonSerializer.Serialize(m.Payload, (JsonSerializerOptions?)null).Contains("$ref", StringComparison.Ordinal));
    }

    [Test]
    public void A_schema_that_contains_itself_is_followed_to_any_depth()
    {
        var contract = Parse("""
              schemas:
                tree: { type: object, properties: { name: { type: string }, child: { $ref: '#/components/schemas/tree' } } }
              messages:
                m: { payload: { $ref: '#/components/schemas/tree' } }
            """);

        contract.Violations("""{"name":"a","child":{"name":"b","child":{"name":"c"}}}""", "m").Should().BeEmpty();
        contract.Violations("""{"child":{"child":{"name":5}}}""", "m").Should().Equal("child.child.name: Value is \"integer\" but should be \"string\" (type)");
        JsonSerializer.Serialize(contract.Message("m").Payload, (JsonSerializerOptions?)null).Should()
            .Contain("\"$ref\":\"https://imservertests.local/contract.asyncapi.json#/components/schemas/tree\"", "the one reference left goes into the document");
    }

    [Test]
    public void A_reference_with_other_keywords_beside_it_means_the_reference_alone_as_in_draft_7()
    {
        var contract = Parse("""
              schemas:
                word: { type: string }
              messages:
                m: { payload: { properties: { x: { $ref: '#/components/schemas/word', maxLength: 1 } } } }
            """);

        contract.Violations("""{"x":"long"}""", "m").Should().BeEmpty();
        contract.Violations("""{"x":1}""", "m").Should().Equal("x: Value is \"integer\" but should be \"string\" (type)");
    }

    // What a value of these keywords holds is data: an object with a $ref in it is compared, not followed.
    [TestCase("const: { $ref: '#/components/schemas/none' }", """{"x":{"$ref":"#/components/schemas/none"}}""", """{"x":{}}""", "x: Expected \"{\"$ref\":\"#/components/schemas/none\"}\" (const)")]
    [TestCase("enum: [{ $ref: '#/components/schemas/none' }]", """{"x":{"$ref":"#/components/schemas/none"}}""", """{"x":{}}""", "x: Value should match one of the values specified by the enum (enum)")]
    [TestCase("{ type: string, default: { $ref: '#/components/schemas/none' } }", """{"x":"a"}""", """{"x":1}""", "x: Value is \"integer\" but should be \"string\" (type)")]
    [TestCase("{ type: string, examples: [{ $ref: '#/components/schemas/none' }] }", """{"x":"a"}""", """{"x":1}""", "x: Value is \"integer\" but should be \"string\" (type)")]
    public void A_reference_inside_data_is_data(string field, string good, string bad, string violation)
    {
        var contract = Parse($$"""
              messages:
                m: { payload: { properties: { x: {{(field.StartsWith('{') ? field : "{ " + field + " }")}} } } }
            """);

        contract.Violations(good, "m").Should().BeEmpty();
        contract.Violations(bad, "m").Should().Equal(violation);
    }

    // A field may be called const or default: under properties and the like, the names are fields, not keywords.
    [TestCase("properties: { const: { $ref: '#/components/schemas/digits' } }", """{"const":"12"}""", """{"const":"ab"}""",
        "const: The string value is not a match for the indicated regular expression (pattern)")]
    [TestCase("patternProperties: { const: { $ref: '#/components/schemas/digits' } }", """{"constant":"12"}""", """{"constant":"ab"}""",
        "constant: The string value is not a match for the indicated regular expression (pattern)")]
    [TestCase("dependencies: { default: { $ref: '#/components/schemas/named' } }", """{"default":1,"name":"x"}""", """{"default":1}""",
        "the frame: Required properties [\"name\"] are not present (required)")]
    public void A_field_named_like_a_keyword_is_a_field(string map, string good, string bad, string violation)
    {
        var contract = Parse($$"""
              schemas:
                digits: { type: string, pattern: '^[0-9]+$' }
                named: { required: [name] }
              messages:
                m: { payload: { {{map}} } }
            """);

        contract.Violations(good, "m").Should().BeEmpty();
        contract.Violations(bad, "m").Should().Equal(violation);
    }

    [Test]
    public void A_broken_reference_anywhere_in_a_payload_stops_the_load_even_where_no_frame_reaches_it()
    {
        var parse = () => Parse("""
              messages:
                m: { payload: { definitions: { default: { $ref: '#/components/schemas/none' } } } }
            """);

        parse.Should().Throw<ContractException>().WithMessage(
            "team.asyncapi.yaml: $ref '#/components/schemas/none' points to nothing in the document (at line 4, column 45, #/components/messages/m/payload/definitions/default).");
    }

    [Test]
    public void The_shipped_refusals_know_their_fixed_type_from_a_branch_of_their_allOf()
    {
        Shipped.Messages.Values.Select(m => $"{m.Name}: {m.Type ?? "-"}").Should().Equal(
            "matchRequest: match", "normalRequest: normal", "unknownTypeRequest: -", "unreadableFrame: -", "matchReply: match",
            "teacherSeatMatchReply: match", "receipt: receipt", "teacherPush: normal", "relayedChat: normal", "blankFrameRefusal: normal",
            "unreadableFrameRefusal: receipt", "missingFieldRefusal: normal", "emptyMessageRefusal: receipt", "noTeacherRefusal: receipt",
            "wrongTeacherRefusal: receipt", "matchWithoutTeacherRefusal: match");
    }

    [TestCase("true", null)]
    [TestCase("{ properties: { type: true } }", null)]
    [TestCase("{ properties: { type: { const: 1 } } }", null)]
    [TestCase("{ properties: { type: { $ref: '#/components/schemas/hello' } } }", "hello")]
    [TestCase("{ allOf: [true, { properties: { name: { type: string } } }, { $ref: '#/components/schemas/typed' }, { properties: { type: { const: bye } } }] }", "hello")]
    public void A_message_s_fixed_type_is_the_const_of_its_type_field(string payload, string? type)
    {
        var contract = Parse($$"""
              schemas:
                hello: { const: hello }
                typed: { properties: { type: { const: hello } } }
              messages:
                m: { payload: {{payload}} }
            """);

        contract.Message("m").Type.Should().Be(type);
    }

    [Test]
    public void Only_the_first_message_found_is_wanted_and_the_frame_s_own_type_is_tried_first()
    {
        // typed fixes type a without requiring it, so a frame without a type conforms to both.
        var contract = Parse("""
              messages:
                typed: { payload: { properties: { type: { const: a } } } }
                any: { payload: {} }
            """);

        contract.Conforming("{}", ["typed", "any"]).Should().Equal("typed", "any");
        contract.Conforming("{}", ["typed", "any"], firstOnly: true).Should().Equal(["any"], "a frame of no type tries a message of no fixed type first");
        contract.Conforming("""{"type":"a"}""", ["any", "typed"], firstOnly: true).Should().Equal(["any"], "messages of its own type or of none, in the order given");
        contract.Conforming("""{"type":"a"}""", ["typed", "any"], firstOnly: true).Should().Equal("typed");
        contract.Conforming("{}", ["typed"], firstOnly: true).Should().Equal(["typed"], "messages of another type are tried last, not left out");
        contract.Conforming("""{"type":"b"}""", ["typed"], firstOnly: true).Should().BeEmpty();
        contract.MatchesAnyReceived("{}").Should().BeFalse("the contract has no operation, so a client receives none of its messages");
    }
}
