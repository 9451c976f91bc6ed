using System.Diagnostics.Metrics;
using ImServerTests.Load.Stats;
using ImServerTests.Load.Users;
using ImServerTests.Server;
using ImServerTests.TestKit.Servers;

namespace ImServerTests.Specs.Load;

/// <summary>
/// Users that think between sessions and stay connected: --think-time reads a duration or a range and picks each
/// pause within it; with --stay-connected a user plays session after session on the same connections, so the server
/// sees far fewer connects than sessions, a failed session starts afresh, and a stopped user closes its connections.
/// </summary>
[AllureEpic("Load")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Think time and kept connections")]
public sealed class StayConnectedSpecs
{
    [TestCase("2s", 2000, 2000)]
    [TestCase("500ms", 500, 500)]
    [TestCase("1.5s", 1500, 1500)]
    [TestCase("1m", 60_000, 60_000)]
    [TestCase("0", 0, 0)]
    [TestCase("1s-3s", 1000, 3000)]
    [TestCase(" 200ms - 1s ", 200, 1000)]
    public void A_think_time_is_a_duration_or_a_range(string text, int minMs, int maxMs)
    {
        var think = ThinkTime.Parse(text);

        (think.Min.TotalMilliseconds, think.Max.TotalMilliseconds).Should().Be((minMs, maxMs));
        think.IsNone.Should().Be(maxMs == 0);
    }

    [Test]
    public void Each_pause_of_a_range_is_picked_within_it_and_spread_over_it()
    {
        var think = ThinkTime.Parse("1s-3s");

        var pauses = Enumerable.Range(0, 2_000).Select(_ => think.Next().TotalMilliseconds).ToList();

        pauses.Should().OnlyContain(p => p >= 1000 && p <= 3000);
        pauses.Min().Should().BeLessThan(1100);
        pauses.Max().Should().BeGreaterThan(2900);
        ThinkTime.Parse("2s").Next().Should().Be(TimeSpan.FromSeconds(2));
    }

    [TestCase("soon", "--think-time 'soon' does not read: write a duration")]
    [TestCase("1s-2s-3s", "--think-time '1s-2s-3s' does not read")]
    [TestCase("-1s", "--think-time '-1s' does not read")]
    [TestCase("3s-1s", "--think-time '3s-1s' has its larger end first: write 1s-3s")]
    [TestCase("5", "--think-time '5' has no unit: write 5s or 5ms")]
    public void A_think_time_that_does_not_read_says_what_to_write(string text, string message) =>
        FluentActions.Invoking(() => ThinkTime.Parse(text)).Should().Throw<FormatException>().Which.Message.Should().StartWith(message);

    [Test]
    [NonParallelizable]
    public async Task Staying_connected_the_server_sees_one_connect_per_user_however_many_sessions_they_play()
    {
        var (sessions, connects, connectRequests, onlineAfterStop) = await RunAsync(Scenario(fails: false), users: 3, stayConnected: true);

        sessions.Should().BeGreaterThan(30, "three users back to back for 2 s play many short sessions");
        connects.Should().Be(3, "each user connected once and played every session on that connection");
        connectRequests.Should().Be(3, "a kept connection handed out again is not counted as a connect");
        onlineAfterStop.Should().Be(0, "stopped users close their connections");
    }

    [Test]
    [NonParallelizable]
    public async Task Without_staying_connected_every_session_connects_afresh()
    {
        var (sessions, connects, connectRequests, _) = await RunAsync(Scenario(fails: false), users: 3, stayConnected: false);

        sessions.Should().BeGreaterThan(10);
        connects.Should().BeGreaterThanOrEqualTo((int)sessions, "each session opened its own connection");
        connectRequests.Should().BeGreaterThanOrEqualTo(sessions);
    }

    [Test]
    [NonParallelizable]
    public async Task A_failed_session_closes_the_kept_connections_and_the_next_starts_afresh()
    {
        var (sessions, connects, _, onlineAfterStop) = await RunAsync(Scenario(fails: true), users: 2, stayConnected: true);

        sessions.Should().BeGreaterThan(2);
        connects.Should().BeGreaterThanOrEqualTo((int)sessions, "no connection of a failed session is kept");
        onlineAfterStop.Should().Be(0);
    }

    [Test]
    [NonParallelizable]
    public async Task A_user_thinks_between_its_sessions()
    {
        var (sessions, _, _, _) = await RunAsync(Scenario(fails: false), users: 2, stayConnected: true, ThinkTime.Parse("500ms"));

        sessions.Should().BeInRange(2, 2 * 5, "two users pausing 500 ms after each session play at most about four sessions each in 2 s");
    }

    // A short conversation: match, and its answer (when it fails: an answer no server gives).
    private static string Scenario(bool fails) => $$"""
        name: short
        participants: { customer: {} }
        steps:
          - send: { by: customer, frame: { type: "match", from: "${customer}", to: "system" } }
          - expect: { by: customer, frame: { type: match, code: "{{(fails ? "7" : "0")}}" } }
        """;

    // Plays the scenario with the users for 2 s against an embedded server of its own; counts the sessions, the
    // connections the server accepted (Kestrel's own count), the connect requests and who is still online after the stop.
    private static async Task<(long Sessions, int Connects, long ConnectRequests, int OnlineAfterStop)> RunAsync(
        string scenario, int users, bool stayConnected, ThinkTime? think = null)
    {
        var folder = Directory.CreateTempSubdirectory("load-stay-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "short.yml"), scenario);
            return await RunAsync(ScenarioMix.Load(["short.yml"], folder.FullName), users, stayConnected, think);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<(long Sessions, int Connects, long ConnectRequests, int OnlineAfterStop)> RunAsync(
        ScenarioMix mix, int users, bool stayConnected, ThinkTime? think)
    {
        ImServer? server = null;
        await using var target = await ServerUnderTest.OpenAsync(async (_, _, _, ct) =>
        {
            server = await ImServer.StartAsync(new ImServerOptions(), ct);
            return (server.BaseUrl, server);
        }, CancellationToken.None);
        var port = target.BaseUrl.Port;
        var connects = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument is { Meter.Name: "Microsoft.AspNetCore.Server.Kestrel", Name: "kestrel.active_connections" })
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, change, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (change > 0 && tag.Key == "server.port" && Convert.ToInt32(tag.Value, System.Globalization.CultureInfo.InvariantCulture) == port)
                {
                    Interlocked.Increment(ref connects);
                }
            }
        });
        listener.Start();

        var stats = new RequestStats();
        server.Should().NotBeNull("these specs count the connects of an embedded server of their own: run them without IMSERVER_URL");
        await using (var pool = new UserPool(mix, target, stats, think, stayConnected))
        {
            await pool.SetTargetsAsync(new Dictionary<string, int> { ["Short"] = users });
            await Task.Delay(TimeSpan.FromSeconds(2));
            await pool.StopAllAsync();
        }

        var online = server!.Registry.OnlineCount;
        for (var waited = 0; online > 0 && waited < 50; waited++)
        {
            await Task.Delay(100);
            online = server.Registry.OnlineCount;
        }

        var connectRequests = stats.Totals().Named("short: connect")?.NumRequests ?? 0;
        return (stats.Sessions, Volatile.Read(ref connects), connectRequests, online);
    }
}
