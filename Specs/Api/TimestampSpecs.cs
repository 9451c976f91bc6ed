using System.Diagnostics;
using ImServerTests.Api;
using ImServerTests.Api.Expectations;
using ImServerTests.Api.Timing;
using ImServerTests.Client;
using ImServerTests.Server;
using ImServerTests.Server.Conversation;
using ImServerTests.TestKit.Assertions;

namespace ImServerTests.Specs.Api;

/// <summary>
/// The timestamp of a frame the server makes lies between the send that caused it and its arrival, give or take the
/// environment's clock tolerance; a chat message from a person carries its sender's fields and is not judged. A stamp
/// off the clock fails the frame's assertion with its field checks.
/// </summary>
[AllureEpic("Api")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Timestamps")]
public sealed class TimestampSpecs
{
    private static readonly DateTimeOffset Sent = new(2026, 12, 7, 19, 9, 7, 500, TimeSpan.Zero);
    private static readonly DateTimeOffset Arrived = Sent.AddMilliseconds(200);
    private static readonly ClockTolerance Tolerance = new(TimeSpan.FromSeconds(1), "environment spec");

    [TestCase(-1000, TestName = "A stamp a whole tolerance before the send fits")]
    [TestCase(0, TestName = "A stamp at the send fits")]
    [TestCase(200, TestName = "A stamp at the arrival fits")]
    [TestCase(1200, TestName = "A stamp a whole tolerance after the arrival fits")]
    public void A_stamp_between_the_send_and_the_arrival_give_or_take_the_tolerance_fits(int msAfterSend)
    {
        Tolerance.Problem(Stamp(Sent.AddMilliseconds(msAfterSend)), Sent, Arrived).Should().BeNull();
    }

    [Test]
    public void A_stamp_in_local_time_reads_as_hours_after_the_arrival()
    {
        var local = Stamp(Sent.AddHours(8));

        Tolerance.Problem(local, Sent, Arrived).Should().Be(
            $"timestamp is \"{local}\" (2026-12-08 03:09:07.500 UTC), 28,799,800 ms, 8 h after the frame arrived (2026-12-07 19:09:07.700 UTC); "
            + "the server stamps a frame it makes between the send that caused it and its arrival, give or take 1,000 ms (clock tolerance, environment spec)");
    }

    [Test]
    public void A_stamp_seconds_before_the_send_reads_as_that_many_milliseconds_before_it()
    {
        var stale = Stamp(Sent.AddSeconds(-12));

        Tolerance.Problem(stale, Sent, Arrived).Should().Be(
            $"timestamp is \"{stale}\" (2026-12-07 19:08:55.500 UTC), 12,000 ms before the send that caused it (2026-12-07 19:09:07.500 UTC); "
            + "the server stamps a frame it makes between the send that caused it and its arrival, give or take 1,000 ms (clock tolerance, environment spec)");
    }

    [Test]
    public void A_stamp_in_seconds_reads_as_a_date_in_1970()
    {
        var seconds = Sent.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        Tolerance.Problem(seconds, Sent, Arrived).Should().StartWith($"timestamp is \"{seconds}\" (1970-01-21 ").And.Contain(" h before the send that caused it");
    }

    [TestCase(null)]
    [TestCase("2026-12-07T19:09:07Z")]
    [TestCase("-5")]
    public void A_stamp_that_is_absent_or_not_epoch_milliseconds_is_left_to_the_contract(string? timestamp)
    {
        Tolerance.Problem(timestamp, Sent, Arrived).Should().BeNull();
    }

    [Test]
    public void The_clock_judges_the_stamp_of_a_frame_the_server_makes_against_the_send_that_caused_it()
    {
        var clock = new SendClock(clockTolerance: Tolerance);
        clock.Sent("c", "c", null);
        var eightHoursAhead = Frame("system", "receipt", DateTimeOffset.UtcNow.AddHours(8));

        var timing = clock.Time("c", eightHoursAhead, Stopwatch.GetTimestamp())!;

        timing.TimestampProblem.Should().Contain(" h after the frame arrived").And.EndWith("(clock tolerance, environment spec)");
        timing.Problems.Should().Equal(timing.TimestampProblem);
        clock.Time("c", Frame("system", "receipt", DateTimeOffset.UtcNow), Stopwatch.GetTimestamp())!.Problems.Should().BeEmpty();
    }

    [Test]
    public void A_chat_message_from_a_person_carries_its_senders_stamp_and_is_not_judged()
    {
        var clock = new SendClock(clockTolerance: Tolerance);
        clock.Sent("seat", "t__mtx", "hi");
        var relayed = ImFrame.Parse($$"""{"type":"normal","from":"t__mtx","to":"c","msg":"hi","timestamp":"{{Stamp(DateTimeOffset.UtcNow.AddDays(-3))}}"}""");

        clock.Time("c", relayed, Stopwatch.GetTimestamp())!.TimestampProblem.Should().BeNull("the person's own fields are relayed as given");
    }

    [Test]
    public void Without_a_tolerance_no_stamp_is_judged()
    {
        var clock = new SendClock();
        clock.Sent("c", "c", null);

        clock.Time("c", Frame("system", "receipt", DateTimeOffset.UtcNow.AddHours(8)), Stopwatch.GetTimestamp())!.TimestampProblem.Should().BeNull();
    }

    [Test]
    public async Task A_stamp_off_the_clock_fails_the_frames_assertion_with_its_field_checks()
    {
        await using var server = await ImServer.StartAsync(new ImServerOptions { ReplyDelay = ThinkTime.None });
        var wait = TimeSpan.FromSeconds(5);
        var clock = new SendClock(clockTolerance: new ClockTolerance(TimeSpan.Zero, "environment spec"));
        await using var im = await ImServerApi.ConnectAsync(server.BaseUrl, "stamp-checked", new ConnectionOptions { ConnectTimeout = wait }, wait, null, clock);

        var match = await im.MatchAsync();
        var stamped = match with { Fields = new Dictionary<string, string>(match.Fields) { ["timestamp"] = Stamp(DateTimeOffset.UtcNow.AddHours(8)) } };
        var faked = stamped with { Timing = clock.Time("stamp-checked", stamped, match.ArrivedAt!.Value) };

        match.Should().BeMatchReply("stamp-checked", FieldMatcher.TeacherId);
        var check = () => faked.Should().BeMatchReply("stamp-checked", FieldMatcher.Is("someone else"));
        check.Should().Throw<Exception>().Which.Message.Should()
            .Contain("msg is").And.MatchRegex(@"timestamp is ""\d+"" \(.* UTC\), [0-9,]+ ms, 8 h after the frame arrived", "the stamp shows with the field differences, in one failure");
    }

    private static string Stamp(DateTimeOffset time) => time.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static ImFrame Frame(string from, string type, DateTimeOffset stamped) =>
        ImFrame.Parse($$"""{"code":"0","type":"{{type}}","from":"{{from}}","to":"c","msg":"push success","msgId":"{{Guid.NewGuid()}}","timestamp":"{{Stamp(stamped)}}"}""");
}
