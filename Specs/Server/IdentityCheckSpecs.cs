using ImServerTests.Api;
using ImServerTests.Server;
using ImServerTests.Server.Conversation;

namespace ImServerTests.Specs.Server;

/// <summary>With --identity-check on, the server refuses requests in another user's name, as a careful server would.</summary>
[AllureEpic("Embedded server")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Identity check")]
public sealed class IdentityCheckSpecs : ServerFixture
{
    protected override ImServerOptions Options => new() { ReplyDelay = ThinkTime.None, CheckIdentity = true };

    [Test]
    public async Task A_match_in_another_users_name_is_refused_with_type_match()
    {
        var (victim, _) = await OpenCustomerAsync();
        var attacker = await OpenAsync();
        await attacker.SendJsonAsync(new { type = "match", from = victim.UserId, to = "system" });
        var reply = Fields((await attacker.ReceiveAsync())!.Value);

        reply.Should().Contain(new Dictionary<string, string> { ["code"] = "1", ["type"] = "match", ["from"] = "system", ["to"] = attacker.UserId });
    }

    [Test]
    public async Task A_message_in_another_users_name_is_refused_and_not_delivered()
    {
        var (victim, victimTeacher) = await OpenCustomerAsync();
        var attacker = await OpenAsync();
        await attacker.SendJsonAsync(new { type = "normal", from = victim.UserId, to = victimTeacher, msg = "你好" });
        var reply = Fields((await attacker.ReceiveAsync())!.Value);

        using (new AssertionScope())
        {
            reply.Should().Contain(new Dictionary<string, string> { ["code"] = "1", ["type"] = "receipt", ["from"] = "system", ["to"] = attacker.UserId });
            (await victim.StaysSilentAsync(TimeSpan.FromMilliseconds(300))).Should().BeTrue("the victim's teacher got nothing to answer");
        }
    }

    [Test]
    public async Task A_customer_speaking_in_its_own_name_is_served()
    {
        var (customer, teacher) = await OpenCustomerAsync();
        await customer.SendJsonAsync(Normal(customer, teacher, "你好"));

        Fields((await customer.ReceiveAsync())!.Value)["msg"].Should().Be(Protocol.PushSuccess);
        Fields((await customer.ReceiveAsync())!.Value)["from"].Should().Be(teacher);
    }
}
