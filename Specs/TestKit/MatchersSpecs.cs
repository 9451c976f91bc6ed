using ImServerTests.TestKit.Assertions;
using ImServerTests.TestKit.Scenarios;

namespace ImServerTests.Specs.TestKit;

/// <summary>The scenario language's matcher table: each entry checks as the Api's matcher of the same meaning.</summary>
[AllureEpic("Test kit")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Scenario matchers")]
public sealed class MatchersSpecs
{
    [Test]
    public void Every_matcher_has_one_name_and_the_table_holds_each_once()
    {
        Matchers.All.Select(m => m.Name).Should().Equal("equals", "regex", "uuid", "epochMillis", "any", "absent", "teacherId");
        Matchers.Keys.Should().Equal("equals", "regex", "match", "capture");
        Matchers.WithText.Should().Equal(Matchers.Exactly, Matchers.Pattern);
    }

    [TestCase("equals", "push success", "push success", "push ok", "is \"push ok\", expected \"push success\"")]
    [TestCase("regex", "^a+$", "aa", "b", "is \"b\", expected text matching /^a+$/")]
    [TestCase("uuid", null, "4c7ff9b3-ce6b-4891-8c14-41e0f45e0bd0", "1", "is \"1\", expected a dashed UUID")]
    [TestCase("any", null, "", null, "is absent, expected a text")]
    [TestCase("absent", null, null, "x", "is \"x\", expected no such field")]
    [TestCase("teacherId", null, "cf2137234f3943e3898df8fcd14f099a__mtx", "CF2137234F3943E3898DF8FCD14F099A__mtx", "is \"CF2137234F3943E3898DF8FCD14F099A__mtx\", expected a teacher id (32 lowercase hex digits and __mtx)")]
    public void Each_matcher_checks_as_its_meaning_says(string name, string? text, string? fits, string? misfits, string mismatch)
    {
        var matcher = Matchers.All.Single(m => m.Name == name).Check(text);

        matcher.Mismatch(fits).Should().BeNull();
        matcher.Mismatch(misfits).Should().Be(mismatch);
    }

    [Test]
    public void EpochMillis_checks_time_near_now()
    {
        Matchers.EpochMillis.Check(null).Mismatch(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)).Should().BeNull();
        Matchers.EpochMillis.Check(null).Mismatch("1665631227").Should().StartWith("is \"1665631227\", expected the current time in milliseconds");
    }

    [Test]
    public void Only_equals_puts_in_variables_and_only_regex_checks_its_text()
    {
        Matchers.All.Where(m => m.PutsInVariables).Should().Equal(Matchers.Exactly);
        Matchers.Pattern.Problem!("(").Should().StartWith("regex '(' is not a valid regular expression: ");
        Matchers.Pattern.Problem!("^a$").Should().BeNull();
        Matchers.All.Where(m => m.Problem is not null).Should().Equal(Matchers.Pattern);
    }

    [Test]
    public void A_matcher_reads_as_it_is_written()
    {
        Matchers.Uuid.ToString().Should().Be("match: uuid");
        Matchers.Pattern.ToString().Should().Be("regex: TEXT");
    }

    [Test]
    public void The_rule_schema_lists_every_by_name_matcher_and_every_key()
    {
        var schema = Matchers.RuleSchema();
        var properties = schema["oneOf"]![1]!["properties"]!.AsObject();

        properties.Select(p => p.Key).Should().Equal(Matchers.Keys);
        properties["match"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("uuid", "epochMillis", "any", "absent", "teacherId");
        properties["match"]!["description"]!.GetValue<string>().Should().Be(
            "uuid: a dashed UUID; epochMillis: Unix time in milliseconds near now; any: any text (the field must be there); absent: no such field; "
            + "teacherId: a teacher id (32 lowercase hex digits and __mtx).");
    }
}
