namespace ImServerTests.Specs.Shared;

/// <summary>
/// The budgets are one list: each has its key, its answer in words and its default, and a set of limits can only be
/// changed budget by budget, so a budget added to the list reaches websocket.yml, the checks and the messages at once.
/// </summary>
[AllureEpic("Shared")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Latency budgets")]
public sealed class BudgetsSpecs
{
    [Test]
    public void The_budgets_are_listed_once_with_their_keys_answers_and_defaults_in_the_files_order()
    {
        Budgets.All.Select(b => (b.Key, b.Answer, b.Default.TotalMilliseconds)).Should().Equal(
            ("matchReplyMs", "match reply", 1500),
            ("receiptMs", "receipt", 1500),
            ("relayMs", "relayed message", 1500),
            ("teacherReplyMs", "teacher's reply", 4500),
            ("pongMs", "pong", 1500));
        Budgets.All.Select(b => Budgets.Default[b]).Should().Equal(Budgets.All.Select(b => b.Default));
    }

    [Test]
    public void Replacing_one_limit_keeps_the_others_and_leaves_the_original_as_it_was()
    {
        var changed = Budgets.Default.With(Budgets.Relay, TimeSpan.FromMilliseconds(20));

        changed[Budgets.Relay].Should().Be(TimeSpan.FromMilliseconds(20));
        changed[Budgets.Receipt].Should().Be(Budgets.Receipt.Default);
        Budgets.Default[Budgets.Relay].Should().Be(Budgets.Relay.Default);
        changed.Should().NotBe(Budgets.Default).And.Be(Budgets.Default.With(Budgets.Relay, TimeSpan.FromMilliseconds(20)));
        changed.GetHashCode().Should().Be(Budgets.Default.With(Budgets.Relay, TimeSpan.FromMilliseconds(20)).GetHashCode());
        changed.Equals(null).Should().BeFalse();
    }

    [Test]
    public void A_budget_that_is_not_declared_is_refused_with_the_list()
    {
        var change = () => Budgets.Default.With(new Budget("pingMs", "ping", TimeSpan.FromSeconds(1)), TimeSpan.FromSeconds(2));

        change.Should().Throw<ArgumentException>().Which.Message.Should()
            .StartWith("'pingMs' is not one of the budgets: matchReplyMs, receiptMs, relayMs, teacherReplyMs, pongMs");
    }

    [Test]
    public void The_limits_read_as_each_answer_and_its_milliseconds()
    {
        Budgets.Default.With(Budgets.Receipt, TimeSpan.FromMilliseconds(700)).ToString()
            .Should().Be("match reply 1500 ms, receipt 700 ms, relayed message 1500 ms, teacher's reply 4500 ms, pong 1500 ms");
        Budgets.Receipt.ToString().Should().Be("receiptMs");
    }
}
