using ImServerTests.Api;
using ImServerTests.Api.Expectations;
using ImServerTests.TestKit.Assertions;
namespace ImServerTests.Specs.Api;

/// <summary>A whole frame's expectation: every field's difference, one line each; exact frames; a missing frame.</summary>
[AllureEpic("Api")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Frame expectations")]
public sealed class FrameExpectationSpecs
{
    private const string Receipt = """{"code":"0","from":"system","msg":"push success","msgId":"130f4370-6b2b-4634-b3f1-59a9728eb8f1","timestamp":"1665631227681","to":"admin","type":"receipt"}""";

    private static readonly FrameExpectation ReceiptToAdmin = FrameExpectation.ServerFrame("0", "receipt", "system", "admin", FieldMatcher.Is("push success"));

    [Test]
    public void A_frame_that_fits_has_no_mismatch()
    {
        ReceiptToAdmin.Mismatches(ImFrame.Parse(Receipt)).Should().BeEmpty();
        ReceiptToAdmin.Problems(ImFrame.Parse(Receipt)).Should().BeEmpty();
    }

    [Test]
    public void Every_field_that_differs_is_a_line_in_the_expectations_order()
    {
        var frame = ImFrame.Parse("""{"code":1,"from":"system","msg":"push ok","to":"someone","type":"receipt"}""");

        ReceiptToAdmin.Mismatches(frame).Should().Equal(
            "code is \"1\", expected \"0\"",
            "to is \"someone\", expected \"admin\"",
            "msg is \"push ok\", expected \"push success\"");
    }

    [Test]
    public void An_exact_expectation_names_every_field_it_does_not_expect()
    {
        var expectation = new FrameExpectation(new Dictionary<string, FieldMatcher> { ["type"] = FieldMatcher.Is("normal") }, Exact: true);

        expectation.Mismatches(ImFrame.Parse("""{"type":"normal","code":"0"}""")).Should().Equal(
            "code is \"0\", expected no such field (its sender did not give one)");
        expectation.Mismatches(ImFrame.Parse("""{"type":"normal"}""")).Should().BeEmpty();
        expectation.Describe().Should().Be("type: \"normal\", and no other field");
    }

    [Test]
    public void A_frame_that_is_not_a_json_object_has_no_fields()
    {
        ReceiptToAdmin.Mismatches(ImFrame.Parse("push success")).Should().HaveCount(5).And.Contain("code is absent, expected \"0\"");
        ReceiptToAdmin.Mismatches(ImFrame.Parse("[1]")).Should().HaveCount(5);
    }

    [Test]
    public void A_missing_frame_is_one_problem()
    {
        ReceiptToAdmin.Problems(null).Should().Equal("no frame arrived");
    }

    [Test]
    public void The_description_names_every_field()
    {
        ReceiptToAdmin.Describe().Should().Be("code: \"0\", type: \"receipt\", from: \"system\", to: \"admin\", msg: \"push success\"");
    }
}
