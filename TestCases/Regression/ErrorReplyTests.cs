using FluentAssertions;
using ImServerTests.Api;
using ImServerTests.TestCases.Reporting;
using ImServerTests.TestCases.Support;
using NUnit.Framework;

namespace ImServerTests.TestCases.Regression;

/// <summary>
/// Every row of the protocol's error table: the server answers code "1" (or, for an unknown type, nothing),
/// and the connection keeps working afterwards. Only code, type, from and to are fixed; error texts differ
/// between servers and are not asserted.
/// </summary>
[TestFixture]
[Category(Categories.ImServer)]
[Feature("errors")]
public sealed class ErrorReplyTests : ImServerFixture
{
    [TestCase("", TestName = "Blank frame is refused (empty text)")]
    [TestCase("   ", TestName = "Blank frame is refused (spaces)")]
    public async Task Blank_frame_is_refused(string text)
    {
        var (customer, im) = await ConnectCustomerAsync().ConfigureAwait(false);

        await im.SendAsync(text).ConfigureAwait(false);
        var reply = await im.ReceiveReplyAsync("the refusal of a blank frame").ConfigureAwait(false);

        await AssertRefusedAndStillServingAsync(im, reply, customer, ImRequest.Receipt, ImRequest.Match).ConfigureAwait(false);
    }

    [Test]
    public async Task Frame_that_is_not_JSON_is_refused_with_a_receipt()
    {
        var (customer, im) = await ConnectCustomerAsync().ConfigureAwait(false);

        await im.SendAsync("this is not json").ConfigureAwait(false);
        var reply = await im.ReceiveReplyAsync("the refusal of a frame that is not JSON").ConfigureAwait(false);

        await AssertRefusedAndStillServingAsync(im, reply, customer, ImRequest.Receipt).ConfigureAwait(false);
    }

    [TestCase("type", null)]
    [TestCase("type", " ")]
    [TestCase("from", null)]
    [TestCase("from", "")]
    [TestCase("to", null)]
    [TestCase("to", " ")]
    public async Task Match_without_a_required_field_is_refused(string field, string? value)
    {
        var (customer, im) = await ConnectCustomerAsync().ConfigureAwait(false);
        var request = ImRequest.MatchFor(customer);
        request = field switch
        {
            "type" => request with { Type = value! },
            "from" => request with { From = value! },
            _ => request with { To = value! },
        };

        await im.SendRequestAsync(request).ConfigureAwait(false);
        var reply = await im.ReceiveReplyAsync($"the refusal of a match without '{field}'").ConfigureAwait(false);

        await AssertRefusedAndStillServingAsync(im, reply, customer, ImRequest.Receipt, ImRequest.Match).ConfigureAwait(false);
    }

    [Test]
    public async Task Normal_message_from_a_user_without_a_teacher_is_refused()
    {
        var teacherLike = NewTeacherLikeId();
        var im = await ConnectAsync(teacherLike).ConfigureAwait(false);

        await im.SendNormalAsync(NewCustomerId(), "你好").ConfigureAwait(false);
        var reply = await im.ReceiveReplyAsync("the refusal of a message from a user without a teacher").ConfigureAwait(false);

        using (FrameAssert.Scope(reply, "refusal"))
        {
            FrameAssert.IsRefusal(reply, teacherLike, ImRequest.Receipt);
        }

        await AssertStillAnsweringAsync(im, () => im.SendNormalAsync(NewCustomerId(), "你好")).ConfigureAwait(false);
    }

    [Test]
    public async Task Normal_message_to_a_teacher_that_is_not_the_customers_is_refused()
    {
        var (customer, im) = await ConnectCustomerAsync().ConfigureAwait(false);
        var strangerTeacher = Guid.NewGuid().ToString("N") + "__mtx";

        await im.SendNormalAsync(strangerTeacher, "你好").ConfigureAwait(false);
        var reply = await im.ReceiveReplyAsync("the refusal of a message to another teacher").ConfigureAwait(false);
        var stray = await im.ReceiveAnyWithinAsync(Settings.QuietWindow).ConfigureAwait(false);

        using (FrameAssert.Scope(reply, "refusal"))
        {
            FrameAssert.IsRefusal(reply, customer, ImRequest.Receipt);
            stray.Should().BeNull("a refused message is not delivered, so no teacher answers it");
        }

        await AssertStillServingAsync(im, customer).ConfigureAwait(false);
    }

    [Test]
    public async Task Match_for_a_user_without_a_teacher_is_refused()
    {
        var teacherLike = NewTeacherLikeId();
        var im = await ConnectAsync(teacherLike).ConfigureAwait(false);

        var reply = await im.MatchAsync().ConfigureAwait(false);

        using (FrameAssert.Scope(reply, "refusal"))
        {
            FrameAssert.IsRefusal(reply, teacherLike, ImRequest.Match);
        }

        await AssertStillAnsweringAsync(im, () => im.SendRequestAsync(ImRequest.MatchFor(teacherLike))).ConfigureAwait(false);
    }

    [Test]
    [Description("An unknown type gets no reply at all; the wait for one ends after the quiet window, and the connection still serves.")]
    public async Task Unknown_type_gets_no_reply()
    {
        var (customer, im) = await ConnectCustomerAsync().ConfigureAwait(false);

        await im.SendRequestAsync(new ImRequest("subscribe", customer, ImRequest.System)).ConfigureAwait(false);
        var reply = await im.ReceiveAnyWithinAsync(Settings.QuietWindow).ConfigureAwait(false);

        reply.Should().BeNull("the protocol answers an unknown type with nothing");
        await AssertStillServingAsync(im, customer).ConfigureAwait(false);
    }

    private async Task<(string Customer, ImServerApi Im)> ConnectCustomerAsync()
    {
        var customer = NewCustomerId();
        return (customer, await ConnectAsync(customer).ConfigureAwait(false));
    }

    private static async Task AssertRefusedAndStillServingAsync(ImServerApi im, ImFrame reply, string customer, params string[] allowedTypes)
    {
        using (FrameAssert.Scope(reply, "refusal"))
        {
            FrameAssert.IsRefusal(reply, customer, allowedTypes);
        }

        await AssertStillServingAsync(im, customer).ConfigureAwait(false);
    }

    // After an error reply the connection stays open and keeps working: a match still succeeds.
    private static async Task AssertStillServingAsync(ImServerApi im, string customer)
    {
        var reply = await im.MatchAsync().ConfigureAwait(false);
        using (FrameAssert.Scope(reply, "match reply after an error"))
        {
            FrameAssert.IsSystemFrame(reply, code: "0", type: ImRequest.Match, to: customer);
            reply.Msg.Should().MatchRegex(FrameAssert.TeacherIdPattern, "the connection keeps working after an error reply");
        }
    }

    // For a user that cannot match: the same request is answered again, so the connection is still served.
    private static async Task AssertStillAnsweringAsync(ImServerApi im, Func<Task> sendAgain)
    {
        await sendAgain().ConfigureAwait(false);
        var again = await im.ReceiveReplyAsync("the answer to the repeated request").ConfigureAwait(false);
        using (FrameAssert.Scope(again, "answer after an error"))
        {
            again.Code.Should().Be("1", "the repeated request is as wrong as the first, and the connection still answers");
            again.To.Should().Be(im.UserId);
        }
    }
}
