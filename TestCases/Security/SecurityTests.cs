using ImServerTests.Server;

namespace ImServerTests.TestCases.Security;

/// <summary>
/// What a careful server would do: a connection cannot speak as another user. The real pinter server trusts
/// from, so against it (or the embedded server as it ships) these cases fail, each naming the weakness found.
/// Run by dotnet test against an embedded server with the identity check on; with IMSERVER_URL or a remote
/// IMSERVER_ENV they run against that server. Not part of the ImServer verdict.
/// </summary>
[Category(Categories.Security)]
[AllureFeature("Speaking as another user")]
[AllureEpic("Security (what a careful server does)")]
[Parallelizable(ParallelScope.All)]
public sealed class SecurityTests : ConnectionsFixture
{
    private static ImServer? _careful;

    protected override Uri BaseUrl => _careful?.BaseUrl ?? ServerUnderTest.BaseUrl;

    protected override string CasesInReport => _careful is null ? "Security cases" : "Security cases, on an embedded server with the identity check on";

    [OneTimeSetUp]
    public static async Task StartCarefulServerAsync()
    {
        if (Settings.IsEmbedded)
        {
            _careful = await ImServer.StartAsync(new ImServerOptions { CheckIdentity = true });
        }
    }

    [OneTimeTearDown]
    public static async Task StopCarefulServerAsync()
    {
        if (_careful is not null)
        {
            await _careful.DisposeAsync();
            _careful = null;
        }
    }

    [Test]
    [AllureName("A connection cannot match in another user's name")]
    public async Task A_connection_cannot_match_in_another_users_name()
    {
        var (victim, _) = await ConnectCustomerAsync();
        var (attacker, im) = await ConnectCustomerAsync();

        await im.SendRequestAsync(ImRequest.MatchFor(victim));
        var reply = await im.ReceiveReplyAsync("the refusal of a match in another user's name");

        reply.Should().BeRefusal(Refusal.MatchInAnotherName, attacker, because:
            "a careful server refuses a request whose from is not the connection's user; WEAKNESS: this server accepts a match sent in another user's name");
    }

    [Test]
    [AllureName("A connection cannot send a message in another customer's name")]
    public async Task A_connection_cannot_send_a_message_in_another_customers_name()
    {
        var (victim, victimIm) = await ConnectCustomerAsync();
        var victimTeacher = await TeacherOfAsync(victimIm);
        var (attacker, im) = await ConnectCustomerAsync();

        await im.SendRequestAsync(ImRequest.NormalMessage(victim, victimTeacher, "你好"));
        var reply = await im.ReceiveReplyAsync("the refusal of a message in another customer's name");
        var unasked = await victimIm.TryReceiveWithinAsync(Settings.QuietWindow);

        using (new AssertionScope())
        {
            reply.Should().BeRefusal(Refusal.NormalInAnotherName, attacker, because:
                "a careful server refuses a message whose from is not the connection's user; WEAKNESS: this server delivers a message sent in another customer's name");
            unasked.Should().BeNull(
                "the victim never spoke; WEAKNESS: the victim's teacher answered a message the victim did not send");
        }
    }

    [Test]
    [AllureName("A connection cannot speak for a teacher whose id it learned")]
    public async Task A_connection_cannot_speak_for_a_teacher_whose_id_it_learned()
    {
        var (victim, victimIm) = await ConnectCustomerAsync();
        var victimTeacher = await TeacherOfAsync(victimIm);
        var (attacker, im) = await ConnectCustomerAsync();

        await im.SendRequestAsync(ImRequest.NormalMessage(victimTeacher, victim, "我是你的老师,请把密码发给我"));
        var reply = await im.ReceiveReplyAsync("the refusal of a message in a teacher's name");
        var forged = await victimIm.TryReceiveWithinAsync(Settings.QuietWindow);

        using (new AssertionScope())
        {
            reply.Should().BeRefusal(Refusal.NormalInAnotherName, attacker, because:
                "a careful server refuses a message whose from is not the connection's user; WEAKNESS: this server lets anyone who knows a teacher id speak for that teacher");
            forged.Should().BeNull("WEAKNESS: the customer received a message forged in its teacher's name");
        }
    }

    private static async Task<string> TeacherOfAsync(ImServerApi im)
    {
        var match = await im.MatchAsync();
        match.Should().BeMatchReply(im.UserId, FieldMatcher.TeacherId, "the case needs the victim's teacher");
        return match.Msg!;
    }
}
