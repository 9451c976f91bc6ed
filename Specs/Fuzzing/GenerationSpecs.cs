using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using ImServerTests.Conformance;
using ImServerTests.TestKit.Fuzzing.Frames;
using ImServerTests.TestKit.Fuzzing.Generation;

namespace ImServerTests.Specs.Fuzzing;

/// <summary>
/// The generators stand on the contract: its request messages and fields, frames that keep the schema conform to it,
/// ids match its patterns, every generated message fits the server's limit, and the texts reach every Unicode plane.
/// </summary>
[AllureEpic("Protocol fuzzing")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Generation from the contract")]
public sealed class GenerationSpecs
{
    private static readonly Contract Contract = ContractFile.Load(_ => null);
    private static readonly RequestSchemas Schemas = RequestSchemas.Of(Contract);

    [Test]
    public void The_request_messages_and_their_fields_come_from_the_contracts_send_operations()
    {
        Schemas.Messages.Select(m => m.Name).Should().BeEquivalentTo("matchRequest", "normalRequest", "unreadableFrame", "unknownTypeRequest");
        Schemas["matchRequest"].Fields.Select(f => $"{f.Name}:{f.Required}:{f.Const}:{f.SchemaName}").Should().Equal(
            "type:True:match:", "from:True::userId", "to:True:system:", "msgId:False::");
        Schemas["normalRequest"].Fields.Select(f => $"{f.Name}:{f.Required}:{f.SchemaName}").Should().Equal(
            "type:True:", "from:True:userId", "to:True:userId", "msg:True:nonBlankText", "msgId:False:");
        Schemas["unknownTypeRequest"].Field("type")!.Excluded.Should().Equal("match", "normal");
        Schemas["unreadableFrame"].IsObject.Should().BeFalse("its payload is {}: any text");
        Schemas.TeacherIdPattern.Should().Be("^[0-9a-f]{32}__mtx$");
    }

    [TestCase("matchRequest")]
    [TestCase("normalRequest")]
    [TestCase("unknownTypeRequest")]
    public void A_frame_that_keeps_the_schema_conforms_to_its_message_of_the_contract(string message)
    {
        var frames = new FrameGenerators(Schemas, 8192);

        frames.Valid(Schemas[message]).Sample(template =>
        {
            var text = template.Resolve(IdOf, 8192).Text;
            if (Contract.Conforming(text, [message]).Count != 1)
            {
                throw new AssertionException($"{text} breaks {message}: {string.Join("; ", Contract.Violations(text, message))}");
            }
        }, iter: 300, threads: 1);
    }

    [TestCase(8192)]
    [TestCase(1024)]
    public void Every_generated_message_fits_the_servers_limit_with_the_longest_ids(int limit)
    {
        var frames = new FrameGenerators(Schemas, limit);

        FuzzCase.Generator(frames).Sample(fuzzCase => fuzzCase.Steps.OfType<Speak>().All(s => s.Frame.Resolve(IdOf, limit).Text.Length <= limit), iter: 300, threads: 1);
    }

    [Test]
    public void Generated_ids_match_the_contracts_patterns()
    {
        Ids.StrangerTeacher.Sample(id => Regex.IsMatch(id, Schemas.TeacherIdPattern), iter: 200, threads: 1);
        Ids.Stranger.Sample(id => Regex.IsMatch(id, Schemas.CustomerIdPattern), iter: 500, threads: 1);
    }

    [Test]
    public void A_text_that_is_sent_as_it_is_is_blank_or_no_JSON_object_as_its_kind_says()
    {
        new FrameGenerators(Schemas, 8192).Unreadable.Sample(frame =>
        {
            var blank = Blankness.Of(frame.Text!) != Blank.No;
            return frame.Kind == "a blank frame" ? blank : !blank && !IsJsonObject(frame.Text!);
        }, iter: 500, threads: 1);
    }

    [Test]
    public void The_texts_reach_every_Unicode_plane_and_never_hold_a_scenario_variable()
    {
        var planes = new HashSet<int>();
        Texts.Text(64).Sample(text =>
        {
            for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
            {
                planes.Add(char.ConvertToUtf32(text, i) >> 16);
            }

            return !text.Contains("${", StringComparison.Ordinal);
        }, iter: 3000, threads: 1);

        planes.Should().BeEquivalentTo(Enumerable.Range(0, 17));
    }

    [TestCase("", Blank.Yes)]
    [TestCase(" \t\r\n", Blank.Yes)]
    [TestCase("\u3000", Blank.ToSomeServers)]
    [TestCase("\u00a0 \ufeff", Blank.ToSomeServers)]
    [TestCase(" x ", Blank.No)]
    public void Blankness_says_where_servers_agree(string text, Blank expected)
    {
        Blankness.Of(text).Should().Be(expected);
    }

    private static string IdOf(IdRef id) => id switch
    {
        IdRef.System => "system",
        IdRef.Self or IdRef.OtherCustomer => "csharp-qa-0123456789ab",
        _ => "0123456789abcdef0123456789abcdef__mtx",
    };

    private static bool IsJsonObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
