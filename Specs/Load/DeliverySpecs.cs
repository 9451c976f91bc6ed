using ImServerTests.Load.Delivery;
using ImServerTests.Load.Stats;
using ImServerTests.Load.Users;
using ImServerTests.Server;
using ImServerTests.TestKit.Servers;

namespace ImServerTests.Specs.Load;

/// <summary>
/// The delivery user's accounting: each numbered message is delivered once and in order, lost, duplicated, reordered
/// or late, judged from what was sent and what arrived; its rows add up to the summary's counts; and a run against the
/// embedded server loses, duplicates and reorders nothing.
/// </summary>
[AllureEpic("Load")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Delivery under load")]
public sealed class DeliverySpecs
{
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    [Test]
    public void Messages_that_arrive_once_in_order_within_the_budget_are_delivered()
    {
        var ledger = Ledger(3, (1, 5), (2, 7), (3, 9));

        var outcomes = ledger.Outcomes();

        outcomes.Should().OnlyContain(o => o.DeliveredOnceInOrder);
        outcomes.Select(o => o.Latency).Should().Equal(Ms(5), Ms(6), Ms(7));
        ledger.AllArrived.Should().BeTrue();
    }

    [Test]
    public void A_message_that_never_arrives_or_arrives_after_its_timeout_is_lost()
    {
        var ledger = Ledger(3, (1, 5), (3, 1_003));

        var outcomes = ledger.Outcomes();

        outcomes.Select(o => o.Lost).Should().Equal(false, true, true);
        outcomes[0].DeliveredOnceInOrder.Should().BeTrue();
        outcomes[1].DeliveredOnceInOrder.Should().BeFalse();
    }

    [Test]
    public void A_second_copy_makes_its_message_duplicated_and_nothing_else()
    {
        var ledger = Ledger(3, (1, 5), (2, 6), (2, 8), (3, 9));

        var outcomes = ledger.Outcomes();

        outcomes.Select(o => o.Duplicated).Should().Equal(false, true, false);
        outcomes[1].Copies.Should().Be(2);
        outcomes[1].CopyLatency.Should().Be(Ms(7));
        outcomes.Should().NotContain(o => o.Reordered, "a copy behind a later message does not reorder anything");
    }

    [Test]
    public void A_message_that_arrives_after_a_later_numbered_one_is_reordered()
    {
        var ledger = Ledger(4, (1, 5), (3, 6), (4, 7), (2, 8));

        var outcomes = ledger.Outcomes();

        outcomes.Select(o => o.Reordered).Should().Equal(false, true, false, false);
        outcomes.Where(o => o.Number != 2).Should().OnlyContain(o => o.DeliveredOnceInOrder);
    }

    [Test]
    public void A_message_over_the_relay_budget_is_late_and_one_at_the_budget_is_not()
    {
        var ledger = Ledger(2, (1, 100), (2, 102));

        var outcomes = ledger.Outcomes();

        outcomes.Select(o => o.Late).Should().Equal(false, true);
        outcomes[1].Lost.Should().BeFalse("late is delivered, only slowly");
    }

    [Test]
    public void A_message_nobody_sent_is_a_stray_not_an_arrival()
    {
        var ledger = Ledger(2, (1, 5));

        ledger.Arrived(7, Ms(6)).Should().BeFalse();
        ledger.AllArrived.Should().BeFalse("message 2 is still out");
        ledger.Outcomes().Select(o => o.Number).Should().Equal(1, 2);
    }

    [Test]
    public void Each_outcome_is_its_own_row_and_the_rows_add_up_to_the_counts()
    {
        var stats = new RequestStats(() => 1000);
        var ledger = Ledger(5, (1, 5), (3, 6), (2, 7), (3, 8), (5, 150));
        foreach (var outcome in ledger.Outcomes())
        {
            MessageRows.Record(stats, outcome, ledger, "customer -> seat");
        }

        var totals = stats.Totals();

        totals.Entries.Select(e => (e.Method, e.Name, e.NumRequests, e.NumFailures)).Should().BeEquivalentTo(new[]
        {
            ("MSG", "delivered", 1L, 0L), ("MSG", "relay", 4L, 0L), ("MSG", "lost", 1L, 1L), ("MSG", "duplicated", 1L, 1L),
            ("MSG", "reordered", 1L, 1L), ("MSG", "late", 1L, 1L),
        });
        totals.Named("relay")!.MaxResponseTime.Should().Be(146, "every arrived message's time from its send, the late one's too");
        var counts = MessageCounts.Of(totals);
        counts.Should().Be(new MessageCounts(Sent: 5, DeliveredOnceInOrder: 1, Lost: 1, Duplicated: 1, Reordered: 1, Late: 1));
        counts.Line.Should().Be("messages: 5 sent, 1 delivered once in order, 1 lost, 1 duplicated, 1 reordered, 1 late");
        totals.Errors.Select(e => e.Error).Should().Contain("customer -> seat: not received within 1 s of its send")
            .And.Contain("customer -> seat: took longer than the relay budget of 100 ms");
    }

    [Test]
    public void A_numbered_text_reads_back_only_its_own_session_and_direction()
    {
        var text = new NumberedText("csharp-qa-0123456789ab", "to seat");

        text.NumberOf(text.Of(12)).Should().Be(12);
        text.NumberOf("csharp-qa-0123456789ab to customer #12").Should().BeNull();
        text.NumberOf("csharp-qa-ba9876543210 to seat #12").Should().BeNull();
        text.NumberOf("同学,你好").Should().BeNull();
        text.NumberOf(null).Should().BeNull();
    }

    [Test]
    public void Delivery_is_a_user_of_the_mix_with_its_weight()
    {
        var mix = ScenarioMix.Load(["delivery:3", "TestCases/Scenarios/seed-match-style.yml"], RepositoryRoot.Find());

        mix.Users.Select(u => (u.Name, u.UserClass, u.Weight)).Should().Equal(("delivery", "Delivery", 3), ("seed-match-style", "SeedMatchStyle", 1));
        mix.Share(4).Should().Equal(new Dictionary<string, int> { ["Delivery"] = 3, ["SeedMatchStyle"] = 1 });
        ScenarioMix.Load(["TestCases/Scenarios/seed-match-style.yml"], RepositoryRoot.Find()).WithDelivery().ByUserClass("Delivery").Should().BeOfType<DeliveryUser>();
    }

    [Test]
    [NonParallelizable]
    public async Task Against_the_embedded_server_no_message_is_lost_duplicated_or_reordered()
    {
        await using var target = await ServerUnderTest.OpenAsync(EmbeddedServer.StartAsync, CancellationToken.None);
        var stats = new RequestStats();
        var user = new DeliveryUser(1);
        await using var connections = new UserConnections(target, keep: false);

        for (var session = 0; session < 5; session++)
        {
            (await user.PlaySessionAsync(target, stats, connections, CancellationToken.None)).Should().BeFalse("session {0} failed: {1}", session,
                string.Join("; ", stats.Totals().Errors.Select(e => e.Error)));
        }

        var counts = MessageCounts.Of(stats.Totals());
        counts.Should().Be(new MessageCounts(Sent: 100, DeliveredOnceInOrder: 100, Lost: 0, Duplicated: 0, Reordered: 0, Late: 0));
        stats.Totals().Named("relay", "MSG")!.NumRequests.Should().Be(100);
        stats.Sessions.Should().Be(5);
    }

    [Test]
    [NonParallelizable]
    public async Task Staying_connected_the_customer_and_the_seat_serve_every_session_and_nothing_is_lost()
    {
        await using var target = await ServerUnderTest.OpenAsync(EmbeddedServer.StartAsync, CancellationToken.None);
        var stats = new RequestStats();
        var user = new DeliveryUser(1);
        await using var connections = new UserConnections(target, keep: true);

        for (var session = 0; session < 5; session++)
        {
            (await user.PlaySessionAsync(target, stats, connections, CancellationToken.None)).Should().BeFalse("session {0} failed: {1}", session,
                string.Join("; ", stats.Totals().Errors.Select(e => e.Error)));
        }

        connections.Opened.Should().Be(2, "one customer and one seat, kept for all five sessions");
        MessageCounts.Of(stats.Totals()).Should().Be(new MessageCounts(Sent: 100, DeliveredOnceInOrder: 100, Lost: 0, Duplicated: 0, Reordered: 0, Late: 0));
    }

    // A ledger of messages 1..count, message n sent at n-1 ms, with the given arrivals (number, at ms), in that order.
    private static MessageLedger Ledger(int count, params (int Number, double AtMs)[] arrivals)
    {
        var ledger = new MessageLedger(Budget, Timeout, count);
        for (var number = 1; number <= count; number++)
        {
            ledger.Sent(number, Ms(number - 1));
        }

        foreach (var (number, at) in arrivals)
        {
            ledger.Arrived(number, Ms(at)).Should().BeTrue();
        }

        return ledger;
    }

    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);
}
