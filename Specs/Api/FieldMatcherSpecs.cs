using ImServerTests.Api.Expectations;
using ImServerTests.TestKit.Assertions;
namespace ImServerTests.Specs.Api;

/// <summary>Each field matcher: what fits, what does not, and the exact words of the mismatch.</summary>
[AllureEpic("Api")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Field matchers")]
public sealed class FieldMatcherSpecs
{
    [Test]
    public void Is_fits_exactly_that_text()
    {
        FieldMatcher.Is("push success").Mismatch("push success").Should().BeNull();
        FieldMatcher.Is("push success").Mismatch("push ok").Should().Be("is \"push ok\", expected \"push success\"");
        FieldMatcher.Is("push success").Mismatch(null).Should().Be("is absent, expected \"push success\"");
        FieldMatcher.Is("").Mismatch("").Should().BeNull();
        FieldMatcher.Is("0").Describe().Should().Be("\"0\"");
    }

    [Test]
    public void A_text_cut_short_names_where_it_ends_and_shows_its_ends_not_its_middle()
    {
        var sent = string.Concat(Enumerable.Repeat("你好hello", 200));

        var mismatch = FieldMatcher.Is(sent).Mismatch(sent[..64]);

        mismatch.Should().Contain("first difference at code point 64 (counting from 0) of 1,400: expected U+597D '好', got the end of the text (64 code points)")
            .And.Contain("(1,400 code points)").And.Contain("…");
        mismatch!.Length.Should().BeLessThan(600, "a 1,400-character text is not repeated whole in a failure");
    }

    [TestCase("a 😀 here", "a ? here", "first difference at code point 2 (counting from 0) of 8: expected U+1F600 '😀', got U+003F '?'")]
    [TestCase("e\u0301", "e", "first difference at code point 1 (counting from 0) of 2: expected U+0301 (NonSpacingMark), got the end of the text (1 code points)")]
    [TestCase("   spaced out   ", "spaced out", "first difference at code point 0 (counting from 0) of 16: expected U+0020 (SpaceSeparator), got U+0073 's'")]
    [TestCase("line\nnext", "line next", "first difference at code point 4 (counting from 0) of 9: expected U+000A (Control), got U+0020 (SpaceSeparator)")]
    public void A_difference_an_eye_misses_is_named_by_code_point(string sent, string received, string named)
    {
        FieldMatcher.Is(sent).Mismatch(received).Should().EndWith(named);
    }

    [Test]
    public void Matches_fits_text_the_pattern_finds()
    {
        var matcher = FieldMatcher.Matches("^a+$");

        matcher.Mismatch("aaa").Should().BeNull();
        matcher.Mismatch("aab").Should().Be("is \"aab\", expected text matching /^a+$/");
        matcher.Mismatch(null).Should().Be("is absent, expected text matching /^a+$/");
        FieldMatcher.Matches("^a+$", "some a's").Mismatch("b").Should().Be("is \"b\", expected some a's");
        matcher.Describe().Should().Be("text matching /^a+$/");
    }

    [Test]
    public void A_pattern_asked_for_again_is_the_same_matcher_and_still_refuses_what_it_refused()
    {
        var first = FieldMatcher.Matches("^b+$");
        first.Mismatch("bbc").Should().NotBeNull();

        var again = FieldMatcher.Matches("^b+$");

        using (new AssertionScope())
        {
            again.Should().BeSameAs(first, "a scenario's step asks for its matcher on every run; the regex is built once");
            again.Mismatch("bbc").Should().Be("is \"bbc\", expected text matching /^b+$/");
            again.Mismatch("bbb").Should().BeNull();
            FieldMatcher.Matches("^b+$", "some b's").Should().NotBeSameAs(first).And.Match<FieldMatcher>(m => m.Describe() == "some b's");
            FieldMatcher.Matches("^c+$").Mismatch("bbb").Should().NotBeNull("another pattern is another matcher");
        }
    }

    [TestCase("4c7ff9b3-ce6b-4891-8c14-41e0f45e0bd0", null)]
    [TestCase("4C7FF9B3-CE6B-4891-8C14-41E0F45E0BD0", null)]
    [TestCase("4c7ff9b3ce6b48918c1441e0f45e0bd0", "is \"4c7ff9b3ce6b48918c1441e0f45e0bd0\", expected a dashed UUID")]
    [TestCase("1", "is \"1\", expected a dashed UUID")]
    [TestCase(null, "is absent, expected a dashed UUID")]
    public void Uuid_fits_a_dashed_uuid_in_either_case(string? actual, string? mismatch) =>
        FieldMatcher.Uuid.Mismatch(actual).Should().Be(mismatch);

    [TestCase("cf2137234f3943e3898df8fcd14f099a__mtx", null)]
    [TestCase("cf2137234f3943e3898df8fcd14f099a", "is \"cf2137234f3943e3898df8fcd14f099a\", expected a teacher id (32 lowercase hex digits and __mtx)")]
    [TestCase("CF2137234F3943E3898DF8FCD14F099A__mtx", "is \"CF2137234F3943E3898DF8FCD14F099A__mtx\", expected a teacher id (32 lowercase hex digits and __mtx)")]
    public void TeacherId_fits_32_lowercase_hex_digits_and_mtx(string actual, string? mismatch) =>
        FieldMatcher.TeacherId.Mismatch(actual).Should().Be(mismatch);

    [Test]
    public void EpochMillis_fits_milliseconds_near_now_and_not_seconds()
    {
        var now = DateTimeOffset.UtcNow;

        FieldMatcher.EpochMillis.Mismatch(now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)).Should().BeNull();
        FieldMatcher.EpochMillis.Mismatch(now.AddHours(-23).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)).Should().BeNull();
        var seconds = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        FieldMatcher.EpochMillis.Mismatch(seconds).Should().Be($"is \"{seconds}\", expected the current time in milliseconds (seconds or another epoch are far off)");
        var tomorrow = now.AddDays(2).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        FieldMatcher.EpochMillis.Mismatch(tomorrow).Should().StartWith($"is \"{tomorrow}\", expected the current time");
        FieldMatcher.EpochMillis.Mismatch("-1").Should().Be("is \"-1\", expected Unix time in milliseconds as a decimal string");
        FieldMatcher.EpochMillis.Mismatch("1.5e12").Should().Be("is \"1.5e12\", expected Unix time in milliseconds as a decimal string");
        FieldMatcher.EpochMillis.Mismatch(null).Should().Be("is absent, expected Unix time in milliseconds as a decimal string");
        FieldMatcher.EpochMillis.Describe().Should().Be("Unix time in milliseconds, near now");
    }

    [Test]
    public void Any_fits_any_text_but_not_a_missing_field()
    {
        FieldMatcher.Any.Mismatch("").Should().BeNull();
        FieldMatcher.Any.Mismatch("x").Should().BeNull();
        FieldMatcher.Any.Mismatch(null).Should().Be("is absent, expected a text");
        FieldMatcher.Any.Describe().Should().Be("any text");
    }

    [Test]
    public void Absent_fits_only_a_missing_field()
    {
        FieldMatcher.Absent.Mismatch(null).Should().BeNull();
        FieldMatcher.Absent.Mismatch("").Should().Be("is \"\", expected no such field");
        FieldMatcher.Absent.Describe().Should().Be("absent");
    }

    [Test]
    public void A_matcher_reads_as_its_description()
    {
        FieldMatcher.Uuid.ToString().Should().Be("a dashed UUID");
        FieldMatcher.Is("x").ToString().Should().Be("\"x\"");
    }
}
