using ImServerTests.TestKit.Fuzzing.Frames;

namespace ImServerTests.Specs.Fuzzing;

/// <summary>Generated frames are written exactly as their pieces say: escapes, raw control characters, duplicates, nesting, and cut to the limit.</summary>
[AllureEpic("Protocol fuzzing")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Frames")]
public sealed class FrameTextSpecs
{
    [TestCase(Escaping.Minimal, "\"a\\\"\\\\/é你😀\\n\\u0001\"")]
    [TestCase(Escaping.NonAscii, "\"a\\\"\\\\/\\u00e9\\u4f60\\ud83d\\ude00\\n\\u0001\"")]
    [TestCase(Escaping.Every, "\"\\u0061\\\"\\\\\\u002f\\u00e9\\u4f60\\ud83d\\ude00\\u000a\\u0001\"")]
    [TestCase(Escaping.RawControls, "\"a\\\"\\\\/é你😀\n\u0001\"")]
    public void A_text_is_quoted_as_its_escaping_says(Escaping escaping, string expected)
    {
        FrameText.Quote("a\"\\/é你😀\n\u0001", escaping).Should().Be(expected);
    }

    [Test]
    public void A_lone_surrogate_is_escaped_whatever_the_escaping_since_it_has_no_UTF8()
    {
        FrameText.Quote("x\ud800y\udc00", Escaping.Minimal).Should().Be("\"x\\ud800y\\udc00\"");
    }

    [Test]
    public void Members_keep_their_order_their_duplicates_and_their_kinds()
    {
        var text = FrameText.Write(
        [
            new Member("type", new TextPiece("match")), new Member("type", new TextPiece("match")), new Member("n", new NumberPiece("1e400")),
            new Member("b", new BoolPiece(true)), new Member("z", new NullPiece()), new Member("a", new ArrayPiece([new TextPiece("x"), new NullPiece()])),
            new Member("o", new ObjectPiece([new Member("k", new TextPiece("v"))])), new Member("deep", new NestedPiece(3, Objects: false)),
            new Member("deeper", new NestedPiece(2, Objects: true)),
        ]);

        text.Should().Be("{\"type\":\"match\",\"type\":\"match\",\"n\":1e400,\"b\":true,\"z\":null,\"a\":[\"x\",null],\"o\":{\"k\":\"v\"},\"deep\":[[[]]],\"deeper\":{\"a\":{\"a\":{}}}}");
    }

    [Test]
    public void A_resolved_frame_gets_its_ids_and_is_cut_longest_text_first_to_the_limit_never_inside_a_surrogate_pair()
    {
        var template = FrameTemplate.Object("normal", [new Member("from", new IdPiece(IdRef.Self)), new Member("msg", new TextPiece(string.Concat(Enumerable.Repeat("😀", 40))))]);

        var frame = template.Resolve(id => id == IdRef.Self ? "me" : "?", maxChars: 50);

        frame.Text.Length.Should().BeLessThanOrEqualTo(50);
        frame.Text.Should().StartWith("{\"from\":\"me\",\"msg\":\"😀").And.EndWith("😀\"}");
        template.Named(frame, _ => "${customer}").Text.Should().StartWith("{\"from\":\"${customer}\",\"msg\":\"😀");
    }

    [Test]
    public void A_frame_with_nothing_left_to_cut_is_refused_naming_how_far_over_it_is()
    {
        var template = FrameTemplate.Object("match", [new Member("from", new IdPiece(IdRef.Self))]);

        var resolve = () => template.Resolve(_ => new string('x', 100), maxChars: 20);

        resolve.Should().Throw<InvalidOperationException>().WithMessage("a generated frame is * characters over the limit and has no text left to cut");
    }
}
