
namespace ImServerTests.TestCases.Regression;

/// <summary>
/// Every row of the protocol's error table, with exactly the reply type the table gives: code "1" from system
/// to the connection's user (or, for an unknown type, nothing), and the connection keeps working afterwards.
/// Error texts differ between servers and are not asserted, except 消息内容为空, which the seed fixes.
/// </summary>
[AllureFeature("Error replies")]
public sealed class ErrorReplyTests : ImServerFixture
{
    [AllureStory("Blank frame")]
    [TestCase("", TestName = "Blank frame is refused with type normal (empty text)")]
    [TestCase("   ", TestName = "Blank frame is refused with type normal (spaces)")]
    public async Task Blank_frame_is_refused_with_type_normal(string text)
    {
        var (customer, im) = await ConnectCustomerAsync();

        await im.SendAsync(text);
        var reply = await im.ReceiveReplyAsync("the refusal of a blank frame");

        await AssertRefusedAndStillServingAsync(im, reply, customer, Refusal.BlankFrame);
    }

    [AllureStory("Not a JSON object")]
    [TestCase("this is not json", TestName = "Text that is not JSON is refused with type receipt")]
    [TestCase("[]", TestName = "JSON that is not an object is refused with type receipt (array)")]
    [TestCase("42", TestName = "JSON that is not an object is refused with type receipt (number)")]
    [TestCase("\"x\"", TestName = "JSON that is not an object is refused with type receipt (string)")]
    [TestCase("null", TestName = "JSON that is not an object is refused with type receipt (null)")]
    public async Task Frame_that_is_not_a_JSON_object_is_refused_with_type_receipt(string text)
    {
        var (customer, im) = await ConnectCustomerAsync();

        await im.SendAsync(text);
        var reply = await im.ReceiveReplyAsync("the refusal of a frame that is not a JSON object");

        await AssertRefusedAndStillServingAsync(im, reply, customer, Refusal.UnreadableFrame);
    }

    [AllureStory("Missing type, from or to")]
    [TestCase(Protocol.Match, "type", null, TestName = "Match without type is refused with type normal")]
    [TestCase(Protocol.Match, "type", " ", TestName = "Match with a blank type is refused with type normal")]
    [TestCase(Protocol.Match, "from", null, TestName = "Match without from is refused with type normal")]
    [TestCase(Protocol.Match, "from", "", TestName = "Match with an empty from is refused with type normal")]
    [TestCase(Protocol.Match, "to", null, TestName = "Match without to is refused with type normal")]
    [TestCase(Protocol.Match, "to", " ", TestName = "Match with a blank to is refused with type normal")]
    [TestCase(Protocol.Normal, "from", null, TestName = "Normal message without from is refused with type normal")]
    [TestCase(Protocol.Normal, "to", "", TestName = "Normal message with an empty to is refused with type normal")]
    [Description("type, from and to are checked before the type is looked at, so even a match gets a refusal of type normal.")]
    public async Task Request_without_type_from_or_to_is_refused_with_type_normal(string kind, string field, string? value)
    {
        var (customer, im) = await ConnectCustomerAsync();
        var teacher = kind == Protocol.Normal ? await MatchedTeacherAsync(im) : Protocol.System;
        var request = new ImRequest(kind, customer, teacher, kind == Protocol.Normal ? "你好" : null);
        request = field switch
        {
            "type" => request with { Type = value },
            "from" => request with { From = value },
            _ => request with { To = value },
        };

        await im.SendRequestAsync(request);
        var reply = await im.ReceiveReplyAsync($"the refusal of a {kind} without '{field}'");

        await AssertRefusedAndStillServingAsync(im, reply, customer, Refusal.MissingField);
    }

    [AllureStory("Empty message")]
    [TestCase(null, TestName = "Normal message without msg is refused with 消息内容为空")]
    [TestCase("  ", TestName = "Normal message with a blank msg is refused with 消息内容为空")]
    public async Task Normal_message_without_text_is_refused(string? msg)
    {
        var (customer, im) = await ConnectCustomerAsync();
        var teacher = await MatchedTeacherAsync(im);

        await im.SendRequestAsync(ImRequest.NormalMessage(customer, teacher, msg));
        var reply = await im.ReceiveReplyAsync("the refusal of a message without text");

        await AssertRefusedAndStillServingAsync(im, reply, customer, Refusal.EmptyMessage, FieldMatcher.Is(Protocol.EmptyMessage));
    }

    [Test]
    [AllureStory("Sender without a teacher")]
    [Description("A teacher-like id that no customer is paired with has no partner: its message is refused.")]
    public async Task Normal_message_from_a_user_without_a_teacher_is_refused_with_type_receipt()
    {
        var teacherLike = NewTeacherLikeId();
        var im = await ConnectAsync(teacherLike);

        await im.SendNormalAsync(NewCustomerId(), "你好");
        var reply = await im.ReceiveReplyAsync("the refusal of a message from a user without a teacher");

        reply.Should().BeRefusal(Refusal.NoTeacher, teacherLike);
        await AssertStillAnsweringAsync(im, Refusal.NoTeacher, () => im.SendNormalAsync(NewCustomerId(), "你好"));
    }

    [Test]
    [AllureStory("Sender without a teacher")]
    [Description("A message is judged by its from: a from the server has never seen has no teacher, whoever sends it.")]
    public async Task Normal_message_from_a_user_never_seen_is_refused_with_type_receipt()
    {
        var (customer, im) = await ConnectCustomerAsync();
        var teacher = await MatchedTeacherAsync(im);

        await im.SendRequestAsync(ImRequest.NormalMessage(NewCustomerId(), teacher, "你好"));
        var reply = await im.ReceiveReplyAsync("the refusal of a message from a user never seen");

        await AssertRefusedAndStillServingAsync(im, reply, customer, Refusal.NoTeacher);
    }

    [Test]
    [AllureStory("Someone else's teacher")]
    [AllureName("Normal message to a teacher that is not the customer's is refused with type receipt")]
    public async Task Normal_message_to_a_teacher_that_is_not_the_customers_is_refused_with_type_receipt()
    {
        var (customer, im) = await ConnectCustomerAsync();
        var strangerTeacher = Guid.NewGuid().ToString("N") + Protocol.TeacherSuffix;

        await im.SendNormalAsync(strangerTeacher, "你好");
        var reply = await im.ReceiveReplyAsync("the refusal of a message to another teacher");
        var stray = await im.TryReceiveWithinAsync(Settings.QuietWindow);

        using (new AssertionScope())
        {
            reply.Should().BeRefusal(Refusal.WrongTeacher, customer);
            stray.Should().BeNull("a refused message is not delivered, so no teacher answers it");
        }

        await AssertStillServingAsync(im, customer);
    }

    [Test]
    [AllureStory("Match without a teacher")]
    public async Task Match_for_a_user_without_a_teacher_is_refused_with_type_match()
    {
        var teacherLike = NewTeacherLikeId();
        var im = await ConnectAsync(teacherLike);

        var reply = await im.MatchAsync();

        reply.Should().BeRefusal(Refusal.MatchWithoutTeacher, teacherLike);
        await AssertStillAnsweringAsync(im, Refusal.MatchWithoutTeacher, () => im.SendRequestAsync(ImRequest.MatchFor(teacherLike)));
    }

    [Test]
    [AllureStory("Unknown type")]
    [Description("An unknown type gets no reply at all; the wait for one ends after the quiet window, and the connection still serves.")]
    public async Task Unknown_type_gets_no_reply()
    {
        var (customer, im) = await ConnectCustomerAsync();

        await im.SendRequestAsync(new ImRequest("subscribe", customer, Protocol.System));
        var reply = await im.TryReceiveWithinAsync(Settings.QuietWindow);

        reply.Should().BeNull("the protocol answers an unknown type with nothing");
        await AssertStillServingAsync(im, customer);
    }

    [Test]
    [AllureStory("Order of the checks")]
    [Description("The checks run in the table's order: an empty message to someone else's teacher breaks two rules and gets the first reply.")]
    public async Task Empty_message_to_another_teacher_gets_the_empty_message_refusal()
    {
        var (customer, im) = await ConnectCustomerAsync();

        await im.SendNormalAsync(Guid.NewGuid().ToString("N") + Protocol.TeacherSuffix, "");
        var reply = await im.ReceiveReplyAsync("the refusal of an empty message to another teacher");

        await AssertRefusedAndStillServingAsync(im, reply, customer, Refusal.EmptyMessage, FieldMatcher.Is(Protocol.EmptyMessage));
    }

    [Test]
    [AllureStory("Order of the checks")]
    [Description("The checks run in the table's order: a normal message with a blank to and an empty msg gets the missing-field reply.")]
    public async Task Empty_message_without_to_gets_the_missing_field_refusal()
    {
        var (customer, im) = await ConnectCustomerAsync();

        await im.SendRequestAsync(ImRequest.NormalMessage(customer, " ", ""));
        var reply = await im.ReceiveReplyAsync("the refusal of an empty message without to");

        await AssertRefusedAndStillServingAsync(im, reply, customer, Refusal.MissingField);
    }

    private static async Task<string> MatchedTeacherAsync(ImServerApi im)
    {
        var match = await im.MatchAsync();
        match.Should().BeMatchReply(im.UserId, FieldMatcher.TeacherId, "the case needs the customer's teacher");
        return match.Msg!;
    }

    private static async Task AssertRefusedAndStillServingAsync(ImServerApi im, ImFrame reply, string customer, Refusal refusal, FieldMatcher? msg = null)
    {
        reply.Should().BeRefusal(refusal, customer, msg);
        await AssertStillServingAsync(im, customer);
    }

    // After an error reply the connection stays open and keeps working: a match still succeeds.
    private static async Task AssertStillServingAsync(ImServerApi im, string customer)
    {
        var reply = await im.MatchAsync();
        reply.Should().BeMatchReply(customer, FieldMatcher.TeacherId, "the connection keeps working after an error reply");
    }

    // For a user that cannot match: the same request is refused again, so the connection is still served.
    private static async Task AssertStillAnsweringAsync(ImServerApi im, Refusal refusal, Func<Task> sendAgain)
    {
        await sendAgain();
        var again = await im.ReceiveReplyAsync("the answer to the repeated request");
        again.Should().BeRefusal(refusal, im.UserId, because: "the repeated request is as wrong as the first, and the connection still answers");
    }
}
