using ImServerTests.Load.Delivery;
using ImServerTests.Load.Reports;
using ImServerTests.Load.Stats;

namespace ImServerTests.Specs.Load;

/// <summary>The figures as Locust computes them: rounding, percentiles, the median, merging, the CSV and the thresholds.</summary>
[AllureEpic("Load")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Load statistics")]
public sealed class StatisticsSpecs
{
    // Python's round() with halves to even, as locust/stats.py rounds: 147 -> 150, 3432 -> 3400, 58760 -> 59000.
    [TestCase(0.4, 0)]
    [TestCase(2.5, 2)]
    [TestCase(3.5, 4)]
    [TestCase(99.4, 99)]
    [TestCase(145, 140)]
    [TestCase(147, 150)]
    [TestCase(999, 1000)]
    [TestCase(3432, 3400)]
    [TestCase(3450, 3400)]
    [TestCase(58760, 59000)]
    public void Response_times_are_rounded_as_Locust_rounds_them(double milliseconds, long key) =>
        ResponseTimes.Rounded(milliseconds).Should().Be(key);

    [Test]
    public void Percentiles_and_the_median_are_read_from_the_rounded_counts_as_Locust_reads_them()
    {
        var counts = new Dictionary<long, long> { [10] = 50, [20] = 30, [100] = 15, [1000] = 5 };

        // calculate_response_time_percentile counts from the slowest down: it errs towards the slower value.
        ResponseTimes.Percentile(counts, 100, 0.5).Should().Be(20);
        ResponseTimes.Percentile(counts, 100, 0.49).Should().Be(10);
        ResponseTimes.Percentile(counts, 100, 0.8).Should().Be(100);
        ResponseTimes.Percentile(counts, 100, 0.95).Should().Be(1000);
        ResponseTimes.Percentile(counts, 100, 0.94).Should().Be(100);
        ResponseTimes.Percentile(counts, 100, 1.0).Should().Be(1000);
        ResponseTimes.Percentile(new Dictionary<long, long>(), 0, 0.5).Should().Be(0);
        ResponseTimes.Median(counts, 100).Should().Be(10);
        ResponseTimes.Median(new Dictionary<long, long> { [10] = 1, [20] = 1 }, 2).Should().Be(10);
    }

    [Test]
    public void An_entry_counts_requests_failures_and_times()
    {
        var entry = new StatsEntry("a", "WS", 100);

        entry.Log(10, 0, 100.2);
        entry.Log(30, 5, 101.7);
        entry.LogFailure(101.7);

        entry.NumRequests.Should().Be(2);
        entry.NumFailures.Should().Be(1);
        entry.AverageResponseTime.Should().Be(20);
        (entry.MinResponseTime, entry.MaxResponseTime).Should().Be((10, 30));
        entry.RequestsPerSecond.Should().Equal(new Dictionary<long, long> { [100] = 1, [101] = 1 });
        entry.FailuresPerSecond.Should().Equal(new Dictionary<long, long> { [101] = 1 });
        entry.FailRatio.Should().Be(0.5);
        entry.TotalContentLength.Should().Be(5);
    }

    [Test]
    public void Merging_reports_adds_them_up_as_the_master_does()
    {
        var first = new StatsEntry("a", "WS", 100);
        first.Log(10, 0, 100);
        var second = new StatsEntry("a", "WS", 99);
        second.Log(50, 0, 102);
        second.LogFailure(102);

        first.Extend(second);

        first.NumRequests.Should().Be(2);
        first.NumFailures.Should().Be(1);
        first.StartTime.Should().Be(99);
        first.LastRequestTimestamp.Should().Be(102);
        (first.MinResponseTime, first.MaxResponseTime).Should().Be((10, 50));
        first.ResponseTimes.Should().Equal(new Dictionary<long, long> { [10] = 1, [50] = 1 });
    }

    [Test]
    public void The_csv_is_Locusts_stats_csv()
    {
        var stats = new RequestStats(() => 1000);
        stats.Record("s: receipt", 12);
        stats.Record("s: receipt", 20, "msg is \"push ok\", expected \"push success\"");

        var csv = StatsCsv.Stats(stats.Totals()).Split("\r\n");

        csv[0].Should().Be("Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,Min Response Time,Max Response Time,"
            + "Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,99.9%,99.99%,100%");
        csv[1].Should().Be("WS,s: receipt,2,1,12,16,12,20,0,0,0,20,20,20,20,20,20,20,20,20,20,20");
        csv[2].Should().StartWith(",Aggregated,2,1,", "the total's method is empty, as in Locust's file");
        StatsCsv.Failures(stats.Totals()).Should().Be("Method,Name,Error,Occurrences\r\nWS,s: receipt,\"msg is \"\"push ok\"\", expected \"\"push success\"\"\",1\r\n");
    }

    [TestCase("p95(seed-conversation: receipt) < 200ms", "p95", "seed-conversation: receipt", false, 200)]
    [TestCase("p99 <= 1.5s", "p99", null, true, 1500)]
    [TestCase("avg<20ms", "avg", null, false, 20)]
    [TestCase("failures < 0.1%", "failures", null, false, 0.001)]
    [TestCase("failures(s: connect) < 5%", "failures", "s: connect", false, 0.05)]
    [TestCase("lost < 0.01%", "lost", null, false, 0.0001)]
    [TestCase("duplicated <= 0%", "duplicated", null, true, 0)]
    [TestCase("reordered<1%", "reordered", null, false, 0.01)]
    [TestCase("late < 2.5%", "late", null, false, 0.025)]
    [TestCase("p95(relay) < 200ms", "p95", "relay", false, 200)]
    public void A_threshold_reads_its_metric_name_and_limit(string text, string metric, string? name, bool orEqual, double limit)
    {
        var threshold = Threshold.Parse(text);

        (threshold.Metric, threshold.RequestName, threshold.OrEqual).Should().Be((metric, name, orEqual));
        threshold.Limit.Should().BeApproximately(limit, 1e-12);
    }

    [TestCase("p97 < 200ms", "does not read: write METRIC[(REQUEST NAME)] < VALUE")]
    [TestCase("p95 > 200ms", "does not read")]
    [TestCase("p95 < 200", "does not read")]
    [TestCase("failures < 3ms", "a failures rule takes a percentage")]
    [TestCase("p95 < 3%", "a response-time rule takes ms or s")]
    [TestCase("lost < 1ms", "a lost rule takes a percentage of the messages sent")]
    [TestCase("late(relay) < 1%", "a late rule is about every message the delivery user sent, and takes no request name")]
    [TestCase("dropped < 1%", "does not read")]
    public void A_threshold_that_does_not_read_says_how_to_write_it(string text, string message)
    {
        var parse = () => Threshold.Parse(text);

        parse.Should().Throw<FormatException>().Which.Message.Should().Contain($"threshold '{text}'").And.Contain(message);
    }

    [Test]
    public void A_threshold_is_kept_or_broken_by_the_measured_value()
    {
        var stats = new RequestStats(() => 1000);
        for (var i = 1; i <= 100; i++)
        {
            stats.Record("s: receipt", i, i == 100 ? "timeout" : null);
        }

        var totals = stats.Totals();
        Threshold.Parse("p95(s: receipt) < 100ms").Check(totals).Should().Be((true, "96 ms"));
        Threshold.Parse("p95(s: receipt) < 96ms").Check(totals).Should().Be((false, "96 ms"));
        Threshold.Parse("p95(s: receipt) <= 96ms").Check(totals).Kept.Should().BeTrue();
        Threshold.Parse("failures < 1%").Check(totals).Should().Be((false, "1% (1 of 100)"));
        Threshold.Parse("failures <= 1%").Check(totals).Kept.Should().BeTrue();
        Threshold.Parse("max < 1s").Check(totals).Kept.Should().BeTrue();
        Threshold.Parse("avg(s: nothing) < 1s").Check(totals).Should().Be((false, "no request named 's: nothing'; names: s: receipt"));
    }

    [Test]
    public void A_message_threshold_is_a_share_of_the_messages_sent()
    {
        var stats = new RequestStats(() => 1000);
        var ledger = new MessageLedger(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), 200);
        for (var number = 1; number <= 200; number++)
        {
            ledger.Sent(number, TimeSpan.Zero);
            if (number != 7)
            {
                ledger.Arrived(number, TimeSpan.FromMilliseconds(number == 9 ? 150 : 10));
            }
        }

        foreach (var outcome in ledger.Outcomes())
        {
            MessageRows.Record(stats, outcome, ledger, "customer -> seat");
        }

        var totals = stats.Totals();
        Threshold.Parse("lost < 1%").Check(totals).Should().Be((true, "0.5% (1 of 200 messages sent)"));
        Threshold.Parse("lost <= 0.5%").Check(totals).Kept.Should().BeTrue();
        Threshold.Parse("lost < 0.01%").Check(totals).Should().Be((false, "0.5% (1 of 200 messages sent)"));
        Threshold.Parse("late <= 0.5%").Check(totals).Kept.Should().BeTrue();
        Threshold.Parse("duplicated < 0.01%").Check(totals).Should().Be((true, "0% (0 of 200 messages sent)"));
        Threshold.Parse("reordered < 0.01%").Check(totals).Kept.Should().BeTrue();
        Threshold.Parse("p95(relay) < 200ms").Check(totals).Should().Be((true, "10 ms"));
        Threshold.Parse("max(relay) < 100ms").Check(totals).Should().Be((false, "150 ms"));
    }

    [Test]
    public void A_message_threshold_of_a_run_that_sent_no_message_is_broken_saying_why()
    {
        var stats = new RequestStats(() => 1000);
        stats.Record("s: receipt", 12);

        Threshold.Parse("lost < 0.01%").Check(stats.Totals()).Should().Be((false,
            "no message was sent, so nothing was measured: no delivery user ran (name 'delivery' among the scenarios), or none got as far as sending"));
        Threshold.Parse("p95(relay) < 200ms").Check(stats.Totals()).Measured.Should().StartWith(
            "no request named 'relay' (a row of the delivery user, which this run did not play: name 'delivery' among the scenarios)");
    }
}
