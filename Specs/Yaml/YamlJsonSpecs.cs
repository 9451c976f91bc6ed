using System.Text.Json.Nodes;
using ImServerTests.Yaml;

namespace ImServerTests.Specs.Yaml;

/// <summary>The project's one YAML reading: the YAML 1.2 core schema, the same answer for every file it reads.</summary>
[AllureEpic("YAML")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("YAML reading")]
public sealed class YamlJsonSpecs
{
    [TestCase("v:", "null")]
    [TestCase("v: ~", "null")]
    [TestCase("v: null", "null")]
    [TestCase("v: NULL", "null")]
    [TestCase("v: Null", "null")]
    [TestCase("v: true", "true")]
    [TestCase("v: True", "true")]
    [TestCase("v: FALSE", "false")]
    [TestCase("v: 0", "0")]
    [TestCase("v: -12", "-12")]
    [TestCase("v: 007", "7")]
    [TestCase("v: 0o17", "15")]
    [TestCase("v: 0x1F", "31")]
    [TestCase("v: 1.5e3", "1500")]
    [TestCase("v: .5", "0.5")]
    [TestCase("v: 99999999999999999999", "99999999999999999999")]
    [TestCase("v: yes", "\"yes\"")]
    [TestCase("v: nULL", "\"nULL\"")]
    [TestCase("v: tRUE", "\"tRUE\"")]
    [TestCase("v: 0b101", "\"0b101\"")]
    [TestCase("v: 1_000", "\"1_000\"")]
    [TestCase("v: \"0\"", "\"0\"")]
    [TestCase("v: 'true'", "\"true\"")]
    [TestCase("v: \"\"", "\"\"")]
    [TestCase("v: |\n  null\n", "\"null\\n\"")]
    public void A_scalar_reads_as_the_core_schema_says(string yaml, string json)
    {
        var value = YamlJson.Parse(yaml, "t.yml").Root!["v"];

        (value?.ToJsonString() ?? "null").Should().Be(json);
    }

    [Test]
    public void Mappings_and_lists_become_objects_and_arrays_with_the_place_of_every_value_and_key()
    {
        var yaml = YamlJson.Parse("a:\n  b: [1, x]\n  c/d: { e: f }\n", "t.yml");

        yaml.Root!.ToJsonString().Should().Be("""{"a":{"b":[1,"x"],"c/d":{"e":"f"}}}""");
        yaml.PlaceOf("/a/b/1").Should().Be(new Place(2, 10));
        yaml.KeyPlaceOf("/a/c~1d").Should().Be(new Place(3, 3));
        yaml.PlaceOf("/a/c~1d/e").Should().Be(new Place(3, 13));
        yaml.PlaceOf("/a/nothing/here").Should().Be(new Place(2, 3), "an unknown place falls back to the nearest known parent");
    }

    [Test]
    public void Text_stays_as_written()
    {
        YamlJson.Parse("v: 你好", "t.yml").Root!["v"]!.GetValue<string>().Should().Be("你好");
    }

    [Test]
    public void An_empty_document_is_null()
    {
        YamlJson.Parse("", "t.yml").Root.Should().BeNull();
        YamlJson.Parse("# only a comment\n", "t.yml").Root.Should().BeNull();
    }

    [TestCase("a: [1", "t.yml:2:1: not valid YAML")]
    [TestCase("a: 1\na: 2", "t.yml:2:1: not valid YAML: Duplicate key a")]
    [TestCase("a: .inf", "t.yml:1:4: '.inf' is an infinity or not-a-number, which JSON cannot hold; quote it for a text")]
    [TestCase("a: -.Inf", "t.yml:1:4: '-.Inf' is an infinity")]
    [TestCase("a: .NaN", "t.yml:1:4: '.NaN' is an infinity")]
    [TestCase("a: 1\n---\nb: 2", "t.yml:3:1: holds more than one YAML document; keep one per file")]
    [TestCase("? [a, b]\n: c", "t.yml:1:3: a key must be a plain text, not a list or a mapping")]
    public void What_json_cannot_hold_or_yaml_cannot_read_is_named_with_its_place(string yaml, string message)
    {
        var read = () => YamlJson.Parse(yaml, "t.yml");

        read.Should().Throw<YamlReadException>().Which.Message.Should().StartWith(message);
    }

    [Test]
    public void A_pointer_escapes_slashes_and_tildes()
    {
        YamlJson.Pointer("/a", "b/c~d").Should().Be("/a/b~1c~0d");
        YamlJson.Pointer("", "0").Should().Be("/0");
    }

    [Test]
    public void Anchors_and_aliases_are_read_as_copies()
    {
        var root = YamlJson.Parse("a: &x { b: 1 }\nc: *x", "t.yml").Root!;

        root["c"]!.ToJsonString().Should().Be("""{"b":1}""");
        root["c"].Should().NotBeSameAs(root["a"]);
        JsonNode.DeepEquals(root["a"], root["c"]).Should().BeTrue();
    }

    [TestCase("v:", "empty")]
    [TestCase("v: {}", "a mapping")]
    [TestCase("v: []", "a list")]
    [TestCase("v: x", "the text 'x'")]
    [TestCase("v: 5", "the number 5")]
    [TestCase("v: true", "the boolean true")]
    public void A_value_is_described_in_words(string yaml, string words) =>
        YamlJson.Describe(YamlJson.Parse(yaml, "t.yml").Root!["v"]).Should().Be(words);

    [Test]
    public void The_root_has_a_place_even_when_the_document_is_empty()
    {
        YamlJson.Parse("", "t.yml").PlaceOf("").Should().Be(new Place(1, 1));
        YamlJson.Parse("a: 1", "t.yml").PlaceOf("/nowhere").Should().Be(new Place(1, 1));
        new Place(3, 4).ToString().Should().Be("line 3, column 4");
        YamlJson.Parse("", "t.yml").KeyPlaceOf("/a").Should().Be(new Place(1, 1));
        FluentActions.Invoking(() => YamlJson.Load(null!)).Should().Throw<ArgumentNullException>().WithParameterName("path");
    }

    [Test]
    public void A_file_is_read_and_named()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "a: [1");

            var read = () => YamlJson.Load(file);

            read.Should().Throw<YamlReadException>().Which.Should().Match<YamlReadException>(e => e.File == file && e.Line == 2 && e.Column == 1 && e.Problem.StartsWith("not valid YAML", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void Missing_arguments_are_named()
    {
        ((Action)(() => YamlJson.Parse(null!, "t"))).Should().Throw<ArgumentNullException>().WithParameterName("text");
        ((Action)(() => YamlJson.Parse("", null!))).Should().Throw<ArgumentNullException>().WithParameterName("source");
        ((Action)(() => YamlJson.Load(null!))).Should().Throw<ArgumentNullException>().WithParameterName("path");
        ((Action)(() => YamlJson.Pointer("", null!))).Should().Throw<ArgumentNullException>().WithParameterName("keyOrIndex");
        ((Action)(() => YamlJson.ResolvePlain(null!))).Should().Throw<ArgumentNullException>().WithParameterName("text");
    }
}
