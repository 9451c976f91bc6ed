using ImServerTests.Conformance;

namespace ImServerTests.Framework.Tests.Conformance;

/// <summary>The contract reader: the shipped contract, the violations it names, and every way a contract file can be unusable.</summary>
[TestFixture]
[Category(Categories.Framework)]
[AllureFeature("The AsyncAPI contract")]
public sealed class ContractTests
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

    [TestCase("msgId", "\"1\"", "msgId", "uuid")]
    [TestCase("timestamp", "\"1665631227\"", "timestamp", "pattern")]
    [TestCase("code", "0", "code", "type")]
    [TestCase("msg", "\"push ok\"", "msg", "const")]
    public void A_violation_names_the_field_and_the_rule(string field, string value, string path, string rule)
    {
        var frame = Receipt.Replace($"\"{field}\":", $"\"{field}\":{value},\"was\":", StringComparison.Ordinal);

        Shipped.Violations(frame, "receipt").Should().Contain(line => line.StartsWith(path + ": ", StringComparison.Ordinal) && line.Contains(rule, StringComparison.Ordinal))
            .And.OnlyContain(line => line.StartsWith(path + ": ", StringComparison.Ordinal), "only the broken field is named");
    }

    [Test]
    public void A_frame_that_is_not_json_matches_no_message_and_says_why()
    {
        Shipped.Violations("push success", "receipt").Should().ContainSingle().Which.Should().Contain("not JSON");
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
    public void An_unusable_contract_stops_with_the_file_the_place_and_the_problem(string yaml, string problem, string place = "")
    {
        var parse = () => Contract.Parse(new StringReader(yaml), "team.asyncapi.yaml");

        parse.Should().Throw<ContractException>().Which.Message.Should().ContainAll("team.asyncapi.yaml", problem, place);
    }

    [Test]
    public void A_missing_contract_names_the_path_and_the_variable_that_moves_it()
    {
        var load = () => ContractFile.Load(name => name == EnvironmentVariables.Contract ? "no/such/contract.yaml" : null);

        load.Should().Throw<ContractException>().Which.Message.Should().ContainAll("no/such/contract.yaml", "file not found", "IMSERVER_CONTRACT");
    }
}
