using ImServerTests.Api;

namespace ImServerTests.Specs.Server;

[AllureEpic("Embedded server")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Many customers at once")]
public sealed class ConcurrencySpecs : ServerFixture
{
    [Test]
    [Description("200 customers at once: each gets its own teacher and only its own replies.")]
    public async Task Many_customers_at_once_each_get_their_own_teacher_and_replies()
    {
        const int customers = 200;
        var conversations = await Task.WhenAll(Enumerable.Range(0, customers).Select(async _ =>
        {
            var (connection, teacher) = await OpenCustomerAsync();
            await connection.SendJsonAsync(Normal(connection, teacher, "你好"));
            var receipt = Fields((await connection.ReceiveAsync())!.Value);
            var reply = Fields((await connection.ReceiveAsync())!.Value);
            return (User: connection.UserId, Teacher: teacher, Receipt: receipt, Reply: reply);
        }));

        conversations.Select(c => c.Teacher).Should().OnlyHaveUniqueItems().And.HaveCount(customers);
        conversations.Should().OnlyContain(c =>
            c.Receipt["to"] == c.User && c.Receipt["msg"] == Protocol.PushSuccess
            && c.Reply["to"] == c.User && c.Reply["from"] == c.Teacher);
    }
}
