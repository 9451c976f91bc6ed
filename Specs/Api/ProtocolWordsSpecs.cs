using ImServerTests.Api;
using ImServerTests.TestKit.Assertions;
namespace ImServerTests.Specs.Api;

/// <summary>The protocol's words on the suite's side: the error table's rows, the requests as JSON, ids and URLs.</summary>
[AllureEpic("Api")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Protocol words")]
public sealed class ProtocolWordsSpecs
{
    [Test]
    public void Each_row_of_the_error_table_has_the_type_and_contract_message_of_the_protocol_document()
    {
        Refusal[] rows =
        [
            Refusal.BlankFrame, Refusal.UnreadableFrame, Refusal.MissingField, Refusal.EmptyMessage, Refusal.NoTeacher, Refusal.WrongTeacher,
            Refusal.MatchWithoutTeacher, Refusal.MatchInAnotherName, Refusal.NormalInAnotherName,
        ];

        rows.Select(r => (r.Type, r.ContractMessage)).Should().Equal(
            ("normal", "blankFrameRefusal"), ("receipt", "unreadableFrameRefusal"), ("normal", "missingFieldRefusal"), ("receipt", "emptyMessageRefusal"),
            ("receipt", "noTeacherRefusal"), ("receipt", "wrongTeacherRefusal"), ("match", "matchWithoutTeacherRefusal"), ("match", null), ("receipt", null));
        rows.Select(r => r.Row).Should().OnlyHaveUniqueItems().And.NotContain(string.Empty);
        Refusal.BlankFrame.ToString().Should().Be("blank frame (type normal)");
        Refusal.EmptyMessage.ToString().Should().Be("normal with msg missing or blank (type receipt)");
    }

    [Test]
    public void A_request_is_its_fields_in_the_seeds_order_and_a_missing_field_is_left_out()
    {
        ImRequest.MatchFor("admin").ToJson().Should().Be("""{"type":"match","from":"admin","to":"system","msgId":"111"}""");
        ImRequest.NormalMessage("admin", "t__mtx", "你好").ToJson().Should().Be("""{"type":"normal","from":"admin","to":"t__mtx","msg":"你好","msgId":"111"}""");
        new ImRequest(null, "admin", null, null, null).ToJson().Should().Be("""{"from":"admin"}""");
        new ImRequest("x", null, null).ToString().Should().Be("""{"type":"x","msgId":"111"}""");
    }

    [TestCase("cf2137234f3943e3898df8fcd14f099a__mtx", true)]
    [TestCase("admin", false)]
    [TestCase("__mtx-admin", false)]
    public void A_teacher_is_an_id_ending_in_mtx(string id, bool teacher) => Protocol.IsTeacher(id).Should().Be(teacher);

    [TestCase("ws://host:9088/pinter/imserver", "admin", "ws://host:9088/pinter/imserver/admin")]
    [TestCase("ws://host:9088/pinter/imserver/", "admin", "ws://host:9088/pinter/imserver/admin")]
    [TestCase("wss://host/pinter/imserver?token=t", "a b", "wss://host/pinter/imserver/a%20b?token=t")]
    public void A_users_url_is_the_base_url_and_the_escaped_id(string baseUrl, string id, string url) =>
        Protocol.UserUrl(new Uri(baseUrl), id).AbsoluteUri.Should().Be(url);

    [Test]
    public void A_frames_fields_read_as_sent_and_a_field_that_is_not_a_string_keeps_its_json()
    {
        var frame = ImFrame.Parse("""{"code":0,"type":"match","from":"system","to":"a","msg":"m","msgId":"i","timestamp":"1","extra":{"x":1}}""");

        (frame.Code, frame.Type, frame.From, frame.To, frame.Msg, frame.MsgId, frame.Timestamp).Should().Be(("0", "match", "system", "a", "m", "i", "1"));
        frame.Field("extra").Should().Be("""{"x":1}""");
        frame.Field("none").Should().BeNull();
        frame.ToString().Should().Be(frame.Raw);
        Protocol.FrameFields.Should().Equal("code", "type", "from", "to", "msg", "msgId", "timestamp");
    }

    [TestCase("""{"type":"normal","from":"t__mtx"}""", true)]
    [TestCase("""{"type":"normal","from":"system"}""", false)]
    [TestCase("""{"type":"normal"}""", false)]
    [TestCase("""{"type":"receipt","from":"t__mtx"}""", false)]
    public void A_chat_message_is_a_normal_frame_not_from_system(string raw, bool chat) => ImFrame.Parse(raw).IsChat.Should().Be(chat);
}
