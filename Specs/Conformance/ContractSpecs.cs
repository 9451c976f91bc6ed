using ImServerTests.Conformance;

namespace ImServerTests.Specs.Conformance;

/// <summary>The contract reader: the shipped contract, the violations it names, and every way a contract file can be unusable.</summary>
[AllureEpic("Conformance")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("The AsyncAPI contract")]
public sealed class ContractSpecs
{
    private static readonly Contract Shipped = ContractFile.Load(_ => null);

    private const string Receipt = """{"code":"0","from":"system","msg":"push success","msgId":"130f4370-6b2b-4634-b3f1-59a9728eb8f1","timestamp":"1665631227681","to":"admin","type":"receipt"}""";

    [Test]
    public void The_shipped_contract_has_a_message_per_frame_kind_and_the_operations_that_link_them()
    {
        Shipped.Messages.Keys.Should().Contain(
        [
            "matchRequest", "normalRequest", "matchReply", "teacherSeatMatchReply", "receipt", "teacherPush", "relayedChat",
            "blankFrameRefusal", "unreadableFrameRefusal", "missingFieldRefusal", "emptyMessageRefusal", "noTeacherRefusal",
            "wrongTeacherRefusal", "matchWithoutTeacherRefusal",
        ]);
        Shipped.ExpectedFrom("sendMatch").Should().Contain(["matchReply", "matchWithoutTeacherRefusal"]);
        Shipped.ExpectedFrom("sendNormal").Should().Contain(["receipt", "emptyMessageRefusal"]);
        Shipped.ExpectedFrom("receiveTeacherPush").Should().Equal("teacherPush");
    }

    [Test]
    public void Every_example_of_the_contract_conforms_to_its_message()
    {
        var examples = Shipped.Messages.Values.SelectMany(m => m.Examples.Select(e => (m.Name, Example: e))).ToList();

        examples.Should().NotBeEmpty();
        examples.Should().OnlyContain(e => Shipped.Violations(e.Example, e.Name).Count == 0);
    }

    [TestCase("msgId", "\"1\"", "msgId: Value does not match format \"uuid\" (format)")]
    [TestCase("timestamp", "\"1665631227\"", "timestamp: The string value is not a match for the indicated regular expression (pattern)")]
    [TestCase("code", "0", "code: Value is \"integer\" but should be \"string\" (type)\ncode: Expected \"\"0\"\" (const)")]
    [TestCase("msg", "\"push ok\"", "msg: Expected \"\"push success\"\" (const)")]
    public void A_violation_names_the_field_and_the_rule(string field, string value, string violations)
    {
        var frame = Receipt.Replace($"\"{field}\":", $"\"{field}\":{value},\"was\":", StringComparison.Ordinal);

        Shipped.Violations(frame, "receipt").Should().Equal(violations.Split('\n'));
    }

    [TestCase("{ not: {} }", "the frame does not conform")]
    [TestCase("false", "the frame: All values fail against the false schema ()")]
    [TestCase("{ allOf: [{ $ref: '#/components/schemas/named' }, { $ref: '#/components/schemas/named' }] }", "the frame: Required properties [\"name\"] are not present (required)")]
    public void A_frame_that_breaks_a_rule_is_told_so_once_even_when_the_library_names_no_rule(string payload, string violation)
    {
        var contract = Contract.Parse(new StringReader($"asyncapi: 3.0.0\ncomponents:\n  schemas:\n    named: {{ required: [name] }}\n  messages:\n    m: {{ payload: {payload} }}"), "team.asyncapi.yaml");

        contract.Violations("{}", "m").Should().Equal(violation);
    }

    [Test]
    public void A_frame_that_is_not_json_matches_no_message_and_says_why()
    {
        Shipped.Violations("push success", "receipt").Should().Equal("the frame is not JSON ('p' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 0.)");
        Shipped.MatchingReceived("push success").Should().BeEmpty();
        Shipped.MatchingReceived(Receipt).Should().Equal("receipt");
    }

    [TestCase("- a list", "not an AsyncAPI document")]
    [TestCase("asyncapi: [x", "not valid YAML", "at line 2, column 1")]
    [TestCase("asyncapi: 2.6.0\ncomponents: { messages: { m: { payload: {} } } }", "not an AsyncAPI 3 document", "line 1")]
    [TestCase("asyncapi: 3.0.0\ncomponents: {}", "components.messages", "is missing or empty")]
    [TestCase("asyncapi: 3.0.0\ncomponents:\n  messages:\n    m: { title: x }", "message 'm' has no payload", "line 4")]
    [TestCase("asyncapi: 3.0.0\ncomponents:\n  messages:\n    m:\n      payload: { type: 5 }", "payload schema of message 'm'", "does not compile")]
    [TestCase("asyncapi: 3.0.0\ncomponents:\n  messages:\n    m:\n      payload: { $ref: '#/components/schemas/none' }", "points to nothing", "#/components/schemas/none")]
    [TestCase("asyncapi: 3.0.0\ncomponents:\n  messages:\n    m: { payload: {} }\noperations:\n  o: { action: sned }", "action 'sned'", "send or receive")]
    [TestCase("asyncapi: 3.0.0\ncomponents:\n  messages:\n    m: { payload: {} }\noperations:\n  o: { messages: [] }", "operation 'o' has action 'missing'", "send or receive")]
    [TestCase("asyncapi: 3.0.0\ncomponents:\n  messages:\n    m:\n      payload: { allOf: [{ $ref: '#/components/schemas/none' }] }", "$ref '#/components/schemas/none' points to nothing",
        "#/components/messages/m/payload/allOf/0)")]
    [TestCase("asyncapi: 3.0.0\ncomponents:\n  schemas:\n    a: { properties: { y: { $ref: '#/components/schemas/none' } } }\n  messages:\n    m:\n      payload: { $ref: '#/components/schemas/a' }",
        "$ref '#/components/schemas/none' points to nothing", "#/components/schemas/a/properties/y)")]
    [TestCase("asyncapi: 3.0.0\ncomponents:\n  messages:\n    m:\n      payload: { properties: { x: { $ref: '#/components/schemas/none' } } }", "$ref '#/components/schemas/none' points to nothing in the document",
        "(at line 5, column 35, #/components/messages/m/payload/properties/x)")]
    public void An_unusable_contract_stops_with_the_file_the_place_and_the_problem(string yaml, string problem, string place = "")
    {
        var parse = () => Contract.Parse(new StringReader(yaml), "team.asyncapi.yaml");

        parse.Should().Throw<ContractException>().Which.Message.Should().ContainAll("team.asyncapi.yaml", problem, place);
    }

    [Test]
    public void A_contract_of_messages_alone_reads_and_a_message_without_title_is_called_by_its_name()
    {
        var contract = Contract.Parse(new StringReader("asyncapi: 3.0.0\ncomponents: { messages: { m: { payload: {} }, g: { title: A greeting, payload: {} } } }"), "team.asyncapi.yaml");

        contract.Message("m").Title.Should().Be("m");
        contract.Message("g").Title.Should().Be("A greeting");
    }

    [Test]
    public void A_schema_that_does_not_compile_is_not_blamed_on_a_reference()
    {
        var parse = () => Contract.Parse(new StringReader("asyncapi: 3.0.0\ncomponents:\n  messages:\n    m:\n      payload: { type: 5 }"), "team.asyncapi.yaml");

        parse.Should().Throw<ContractException>().Which.Message.Should().NotContain("$ref");
    }

    [Test]
    public void A_missing_contract_names_the_path_and_the_variable_that_moves_it()
    {
        var load = () => ContractFile.Load(name => name == EnvironmentVariables.Contract ? "no/such/contract.yaml" : null);

        load.Should().Throw<ContractException>().Which.Message.Should().ContainAll("no/such/contract.yaml", "file not found", "IMSERVER_CONTRACT");
    }

    [TestCase("asyncapi: 2.6.0\ncomponents: { messages: { m: { payload: {} } } }", "team.asyncapi.yaml: not an AsyncAPI 3 document: key 'asyncapi' is '\"2.6.0\"'; this suite reads AsyncAPI 3.0 (at line 1, column 11, #/asyncapi).")]
    [TestCase("info: {}\ncomponents: { messages: { m: { payload: {} } } }", "team.asyncapi.yaml: not an AsyncAPI 3 document: key 'asyncapi' is 'missing'; this suite reads AsyncAPI 3.0 (at line 1, column 1, #/asyncapi).")]
    [TestCase("asyncapi: 3.0.0\ncomponents: {}", "team.asyncapi.yaml: key 'components.messages' is missing or empty: the suite checks frames against the messages declared there (at line 2, column 13, #/components).")]
    [TestCase("asyncapi: 3.0.0\ncomponents: { messages: { m: { payload: {} } } }\noperations:\n  o: 5", "team.asyncapi.yaml: an operation must be a mapping (at line 4, column 6, #/operations/o).")]
    [TestCase("asyncapi: 3.0.0\ncomponents: { messages: { m: { payload: {} } } }\noperations:\n  o:\n    action: sned", "team.asyncapi.yaml: operation 'o' has action 'sned': use send or receive (at line 5, column 13, #/operations/o/action).")]
    [TestCase("asyncapi: 3.0.0\ncomponents: { messages: { m: { payload: {} } } }\noperations:\n  o:\n    action: send\n    messages: [{ $ref: '#/components/messages/m' }, { $ref: '#/components/messages/none' }]",
        "team.asyncapi.yaml: $ref '#/components/messages/none' points to nothing in the document (at line 6, column 53, #/operations/o/messages/1).")]
    [TestCase("asyncapi: 3.0.0\ncomponents: { messages: { m: { payload: {} } } }\noperations:\n  o:\n    action: send\n    reply: { messages: [{ $ref: '#/components/messages/none' }] }",
        "team.asyncapi.yaml: $ref '#/components/messages/none' points to nothing in the document (at line 6, column 25, #/operations/o/reply/messages/0).")]
    [TestCase("asyncapi: 3.0.0\ncomponents: { messages: { m: { payload: {} } } }\noperations:\n  o: { action: send }", "")]
    [TestCase("asyncapi: 3.0.0\ncomponents: { messages: { m: { payload: {} } } }\noperations:\n  o: { action: send, messages: [{ $ref: '#/components/schemas/x' }] }",
        "team.asyncapi.yaml: $ref '#/components/schemas/x' points to nothing in the document (at line 4, column 33, #/operations/o/messages/0).")]
    [TestCase("asyncapi: 3.0.0\ncomponents: { messages: { m: { payload: {} } }, schemas: { x: {} } }\noperations:\n  o: { action: send, messages: [{ $ref: '#/components/schemas/x' }] }",
        "team.asyncapi.yaml: a message of this list resolves to '#/components/schemas/x', not to a message under components.messages (at line 4, column 32, #/operations/o/messages).")]
    [TestCase("asyncapi: 3.0.0\ncomponents:\n  schemas:\n    a: { $ref: '#/components/schemas/b' }\n    b: { $ref: '#/components/schemas/a' }\n  messages:\n    m: { payload: { $ref: '#/components/schemas/a' } }",
        "team.asyncapi.yaml: $ref '#/components/schemas/a' leads back to itself: a chain of references must end at a schema or a message (at line 5, column 8, #/components/schemas/b).")]
    [TestCase("asyncapi: 3.0.0\nchannels:\n  c: { messages: { m: { payload: {} } } }\ncomponents: { messages: { m: { payload: {} } } }\noperations:\n  o: { action: send, messages: [{ $ref: '#/channels/c/messages/m' }] }",
        "team.asyncapi.yaml: a message of this list resolves to '#/channels/c/messages/m', not to a message under components.messages (at line 6, column 32, #/operations/o/messages).")]
    [TestCase("asyncapi: 3.0.0\ncomponents: { messages: { m: { payload: {} } } }\noperations:\n  o: { action: send, messages: [{ $ref: 'other.yaml#/m' }] }",
        "team.asyncapi.yaml: $ref 'other.yaml#/m' cannot be followed: use a reference inside this document, like '#/components/messages/name' (at line 4, column 33, #/operations/o/messages/0).")]
    public void Each_problem_of_a_contract_is_named_exactly(string yaml, string message)
    {
        var parse = () => Contract.Parse(new StringReader(yaml), "team.asyncapi.yaml");

        if (message.Length == 0)
        {
            parse.Should().NotThrow();
            return;
        }

        parse.Should().Throw<ContractException>().WithMessage(message.Replace("*", "[*]", StringComparison.Ordinal));
    }

    [Test]
    public void An_operation_takes_its_messages_through_its_channel_and_a_message_may_refer_to_another()
    {
        var contract = Contract.Parse(new StringReader("""
            asyncapi: 3.0.0
            channels:
              c: { messages: { hello: { $ref: '#/components/messages/hello' } } }
            operations:
              greet: { action: send, messages: [{ $ref: '#/channels/c/messages/hello' }], reply: { messages: [{ $ref: '#/channels/c/messages/hello' }] } }
              hear: { action: receive, messages: [{ $ref: '#/components/messages/again' }] }
            components:
              schemas:
                kind: { type: string, const: hello }
              messages:
                hello:
                  title: a greeting
                  payload: { type: object, properties: { type: { $ref: '#/components/schemas/kind' } }, required: [type] }
                  examples: [{ payload: { type: hello } }, { name: none }]
                again: { $ref: '#/components/messages/hello' }
            """), "small.yaml");

        contract.ExpectedFrom("greet").Should().Equal("hello");
        contract.ExpectedFrom("hear").Should().Equal("hello");
        contract.Received.Should().Equal("hello");
        contract.Message("hello").Type.Should().Be("hello", "the const of its type field, through the schema's $ref");
        contract.Message("hello").Examples.Should().Equal("""{"type":"hello"}""", "null");
        contract.Message("again").Name.Should().Be("again");
        contract.Conforming("""{"type":"hello"}""", ["hello", "again"]).Should().Equal("hello", "again");
        contract.Conforming("""{"type":"bye"}""", ["hello"]).Should().BeEmpty();
        contract.Conforming("not json", ["hello"]).Should().BeEmpty();
        contract.MatchesAnyReceived("""{"type":"hello"}""").Should().BeTrue();
        contract.MatchesAnyReceived("[]").Should().BeFalse();
    }

    [Test]
    public void An_unknown_message_or_operation_is_named_with_the_known_ones()
    {
        Shipped.Invoking(c => c.Message("nope")).Should().Throw<ArgumentException>().WithMessage("*has no message 'nope'; it has: matchRequest, *");
        Shipped.Invoking(c => c.ExpectedFrom("nope")).Should().Throw<ArgumentException>().WithMessage("*has no operation 'nope'; it has: sendMatch, *");
    }

    [Test]
    public void The_shipped_messages_know_their_fixed_type()
    {
        Shipped.Message("receipt").Type.Should().Be("receipt");
        Shipped.Message("matchReply").Type.Should().Be("match");
        Shipped.Message("teacherPush").Type.Should().Be("normal");
    }

    [Test]
    public void A_frame_that_is_no_object_is_named_as_the_frame()
    {
        Shipped.Violations("[1]", "receipt").Should().ContainSingle().Which.Should().StartWith("the frame: ").And.EndWith("(type)");
        Shipped.Violations(Receipt, "receipt").Should().BeEmpty();
    }

    [Test]
    public void A_message_whose_name_has_a_slash_or_a_tilde_is_found_by_its_escaped_reference()
    {
        var contract = Contract.Parse(new StringReader("""
            asyncapi: 3.0.0
            operations:
              hear: { action: receive, messages: [{ $ref: '#/components/messages/a~1b~0c' }] }
            components:
              messages:
                a/b~c: { payload: { required: [x] } }
            """), "team.asyncapi.yaml");

        contract.ExpectedFrom("hear").Should().Equal("a/b~c");
        contract.Violations("{}", "a/b~c").Should().Equal("the frame: Required properties [\"x\"] are not present (required)");
    }

    [Test]
    public void Missing_arguments_are_named()
    {
        ((Action)(() => ContractFile.Load(null!))).Should().Throw<ArgumentNullException>().WithParameterName("variables");
        ((Action)(() => ContractFile.Load(_ => null, null!))).Should().Throw<ArgumentNullException>().WithParameterName("files");
        Shipped.Invoking(c => c.Violations(null!, "receipt")).Should().Throw<ArgumentNullException>().WithParameterName("frame");
        Shipped.Invoking(c => c.Conforming(null!, [])).Should().Throw<ArgumentNullException>().WithParameterName("frame");
        Shipped.Invoking(c => c.Conforming("{}", null!)).Should().Throw<ArgumentNullException>().WithParameterName("candidates");
        ((Action)(() => Contract.Load(null!))).Should().Throw<ArgumentNullException>().WithParameterName("path");
        ((Action)(() => Contract.Parse(null!, "x"))).Should().Throw<ArgumentNullException>().WithParameterName("reader");
    }
}
