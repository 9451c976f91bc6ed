using System.Diagnostics;
using System.Text;
using ImServerTests.Load.Locust;
using ImServerTests.Load.Stats;
using ImServerTests.Load.Users;
using ImServerTests.Server;
using ImServerTests.TestKit.Servers;
using NetMQ;
using NetMQ.Sockets;

namespace ImServerTests.Specs.Load;

/// <summary>
/// The worker against a master played in the same process (a ZeroMQ ROUTER, as Locust binds): it joins, spawns
/// what it is told, heartbeats every second and reports every three, stops, rejoins, and quits; a master that never
/// answers makes it give up with a message, not hang.
/// </summary>
[AllureEpic("Load")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Locust worker")]
[NonParallelizable]
public sealed class FakeMasterSpecs
{
    [Test]
    public async Task The_worker_joins_runs_the_users_it_is_given_reports_stops_and_quits()
    {
        using var master = new RouterSocket();
        var port = master.BindRandomPort("tcp://127.0.0.1");
        await using var target = await ServerUnderTest.OpenAsync(EmbeddedServer.StartAsync, CancellationToken.None);
        var mix = ScenarioMix.Load([Path.Combine("TestCases", "Scenarios", "seed-match-style.yml")], RepositoryRoot.Find());
        var stats = new RequestStats();
        await using var pool = new UserPool(mix, target, stats);
        var worker = new LocustWorker(new MasterAddress("127.0.0.1", port), pool, stats, TextWriter.Null);
        var run = worker.RunAsync(CancellationToken.None);

        var ready = Receive(master, "client_ready");
        ready.Data.Should().Be(MsgPackValues.Integer(-1));
        Send(master, ready, "ack", new Dictionary<string, object?> { ["index"] = 0L });
        Send(master, ready, "spawn", Spawn(1, 2));
        Receive(master, "spawning");
        var complete = (IDictionary<object, object?>)Receive(master, "spawning_complete").Data!;
        ((IDictionary<object, object?>)complete["user_classes_count"]!)["SeedMatchStyle"].Should().Be(MsgPackValues.Integer(2));

        var clock = Stopwatch.StartNew();
        var heartbeats = 0;
        IDictionary<object, object?>? report = null;
        while (clock.Elapsed < TimeSpan.FromSeconds(5) && (report is null || heartbeats < 3))
        {
            var message = Receive(master, null);
            if (message.Type == "heartbeat")
            {
                heartbeats++;
                ((IDictionary<object, object?>)message.Data!)["state"].Should().Be("running");
            }
            else if (message.Type == "stats")
            {
                report = (IDictionary<object, object?>)message.Data!;
            }
        }

        heartbeats.Should().BeGreaterThanOrEqualTo(3, "a heartbeat every second, from the worker's own thread");
        report.Should().NotBeNull("a report every three seconds");
        Convert.ToInt64(((IDictionary<object, object?>)report!["stats_total"]!)["num_requests"], System.Globalization.CultureInfo.InvariantCulture).Should().BePositive();

        Send(master, ready, "stop", null);
        ReceiveSkipping(master, "client_stopped");
        ReceiveSkipping(master, "client_ready");
        pool.Count.Should().Be(0);

        Send(master, ready, "quit", null);
        ReceiveSkipping(master, "quit");
        (await run.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(0);
        stats.Totals().Total.NumFailures.Should().Be(0);
    }

    [Test]
    public async Task A_master_that_never_answers_ends_the_worker_with_a_message()
    {
        var port = FreePort.Next();
        var stats = new RequestStats();
        await using var target = await ServerUnderTest.OpenAsync(EmbeddedServer.StartAsync, CancellationToken.None);
        var mix = ScenarioMix.Load([Path.Combine("TestCases", "Scenarios", "seed-match-style.yml")], RepositoryRoot.Find());
        await using var pool = new UserPool(mix, target, stats);
        using var log = new StringWriter();
        var worker = new LocustWorker(new MasterAddress("127.0.0.1", port), pool, stats, log) { ReadyInterval = TimeSpan.FromMilliseconds(200), ReadyAttempts = 3 };

        var code = await worker.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        code.Should().Be(1);
        log.ToString().Should().Contain($"the Locust master at 127.0.0.1:{port} did not answer 3 client_ready messages");
    }

    [Test]
    public async Task A_spawn_of_a_user_class_the_worker_does_not_know_is_reported_to_the_master()
    {
        using var master = new RouterSocket();
        var port = master.BindRandomPort("tcp://127.0.0.1");
        await using var target = await ServerUnderTest.OpenAsync(EmbeddedServer.StartAsync, CancellationToken.None);
        var mix = ScenarioMix.Load([Path.Combine("TestCases", "Scenarios", "seed-match-style.yml")], RepositoryRoot.Find());
        var stats = new RequestStats();
        await using var pool = new UserPool(mix, target, stats);
        using var stop = new CancellationTokenSource();
        var run = new LocustWorker(new MasterAddress("127.0.0.1", port), pool, stats, TextWriter.Null).RunAsync(stop.Token);
        var ready = Receive(master, "client_ready");
        Send(master, ready, "ack", new Dictionary<string, object?> { ["index"] = 0L });

        Send(master, ready, "spawn", new Dictionary<string, object?>
        {
            ["timestamp"] = 1.0,
            ["user_classes_count"] = new Dictionary<string, object?> { ["Other"] = 1L },
            ["host"] = "",
            ["stop_timeout"] = null,
            ["parsed_options"] = new Dictionary<string, object?>(),
        });

        var exception = (IDictionary<object, object?>)ReceiveSkipping(master, "exception").Data!;
        ((string)exception["msg"]!).Should().Contain("no user of this worker is the user class Other");
        await stop.CancelAsync();
        (await run.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(0);
    }

    private static Dictionary<string, object?> Spawn(double timestamp, long users) => new()
    {
        ["timestamp"] = timestamp,
        ["user_classes_count"] = new Dictionary<string, object?> { ["SeedMatchStyle"] = users },
        ["host"] = "",
        ["stop_timeout"] = null,
        ["parsed_options"] = new Dictionary<string, object?> { ["tags"] = new object?[] { "a" }, ["headless"] = true },
    };

    private static void Send(RouterSocket master, LocustMessage to, string type, object? data) =>
        master.SendMoreFrame(Encoding.UTF8.GetBytes(to.NodeId)).SendFrame(WorkerMessages.FromMaster(type, data, to.NodeId));

    // The next message from the worker; of the given type when one is named.
    private static LocustMessage Receive(RouterSocket master, string? type)
    {
        var frames = new List<byte[]>();
        master.TryReceiveMultipartBytes(TimeSpan.FromSeconds(10), ref frames, 2).Should().BeTrue("the worker sends within 10 s");
        var message = WorkerMessages.Read(frames[1]);
        if (type is not null)
        {
            message.Type.Should().Be(type);
        }

        return message;
    }

    private static LocustMessage ReceiveSkipping(RouterSocket master, string type)
    {
        for (var i = 0; i < 50; i++)
        {
            var message = Receive(master, null);
            if (message.Type == type)
            {
                return message;
            }
        }

        throw new AssertionException($"no {type} message came");
    }
}

internal static class MsgPackValues
{
    /// <summary>How MessagePack for C# reads back a small integer: as the smallest type that holds it.</summary>
    public static object Integer(long value) =>
        MessagePack.MessagePackSerializer.Deserialize<object>(MessagePack.MessagePackSerializer.Serialize(value))!;
}
