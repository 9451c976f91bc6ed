namespace ImServerTests.TestCases.Regression;

/// <summary>
/// Who is talking: a user's id is the last segment of the URL after percent-decoding (the protocol document: Tomcat
/// decodes @PathParam values), so any Unicode id works when its UTF-8 bytes are percent-encoded in the URL, and the
/// frames carry it decoded, in <c>to</c>. The suite's ids are ASCII; these are not. Nothing else is assumed of an id:
/// characters with a meaning in a URL path (/, %, ;, ?) are left out, the protocol says nothing of them.
/// </summary>
[AllureFeature("User ids")]
public sealed class UserIdTests : ImServerFixture
{
    [TestCase("a Chinese name with a space", "张 三")]
    [TestCase("an emoji, outside the BMP", "😀")]
    [TestCase("accented Latin and Cyrillic", "José-Дима")]
    [AllureStory("Ids that are not plain ASCII")]
    [Description("The protocol: any Unicode id works percent-encoded in the URL, and frames carry it decoded in to. The customer matches and talks to its teacher under that id.")]
    public async Task A_user_whose_id_is_not_plain_ASCII_is_known_by_that_id_decoded(string kind, string name)
    {
        var customer = $"{NewCustomerId()}-{name}";
        var im = await ConnectAsync(customer); // the Api percent-encodes the id's UTF-8 bytes in the URL

        var match = await im.MatchAsync();
        match.Should().BeMatchReply(customer, FieldMatcher.TeacherId, "the server knows the user with {0} by its id decoded", kind);
        var teacher = match.Msg!;
        await im.SendNormalAsync(teacher, "你好");
        var receipt = await im.ReceiveReceiptAsync();
        receipt.Should().BeReceipt(customer, "a message from the decoded id is a message of the connection's user");
        var reply = await im.ReceiveTeacherReplyAsync();

        reply.Should().BeTeacherPush(teacher, customer, FieldMatcher.Is(Protocol.Greeting), "the teacher answers the user by its decoded id");
    }
}
