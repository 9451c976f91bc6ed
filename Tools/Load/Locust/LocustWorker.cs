using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using ImServerTests.Load.Stats;
using ImServerTests.Load.Users;
using NetMQ;
using NetMQ.Sockets;

namespace ImServerTests.Load.Locust;

/// <summary>
/// A worker of an unmodified Locust 2.x master: joins it (client_ready until ack), runs the users it assigns
/// (spawn), reports statistics every 3 s and heartbeats every 1 s, and obeys stop, quit and reconnect. The ZeroMQ
/// socket lives on its own thread (NetMQ's poller), which also sends the heartbeats and reports, so a busy load never
/// delays them; the master's orders are carried out on the thread pool.
/// </summary>
public sealed class LocustWorker(MasterAddress master, UserPool pool, RequestStats stats, TextWriter log)
{
    /// <summary>How often Locust's worker heartbeats, and how long its master waits for a heartbeat (three of them).</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(3);

    private readonly Channel<LocustMessage> _orders = Channel.CreateUnbounded<LocustMessage>();
    private readonly NetMQQueue<byte[]> _outbox = new();
    private readonly NetMQQueue<Action> _onSocketThread = new();
    private readonly Process _process = Process.GetCurrentProcess();
    private volatile string _state = "ready";
    private volatile bool _acknowledged;
    private TimeSpan _lastCpu;
    private long _lastCpuAt = Stopwatch.GetTimestamp();

    public string NodeId { get; } = $"{Environment.MachineName}_{Guid.NewGuid():N}";

    /// <summary>How often client_ready is sent until the master answers, and how many times before giving up.</summary>
    public TimeSpan ReadyInterval { get; init; } = TimeSpan.FromSeconds(5);

    public int ReadyAttempts { get; init; } = 60;

    /// <summary>Runs until the master says quit (0), the master never answers (1), or <paramref name="stop"/> (0, after quitting).</summary>
    public async Task<int> RunAsync(CancellationToken stop)
    {
        using var poller = new NetMQPoller { _outbox, _onSocketThread };
        var socket = Connect(poller);
        var readyTimer = new NetMQTimer(ReadyInterval);
        var heartbeat = new NetMQTimer(HeartbeatInterval);
        var report = new NetMQTimer(ReportInterval);
        var attempts = 0;
        var gaveUp = new TaskCompletionSource();
        readyTimer.Elapsed += (_, _) =>
        {
            if (_acknowledged)
            {
                return;
            }

            if (++attempts > ReadyAttempts)
            {
                gaveUp.TrySetResult();
                return;
            }

            socket.SendFrame(WorkerMessages.ClientReady(NodeId));
        };
        heartbeat.Elapsed += (_, _) => socket.SendFrame(WorkerMessages.Heartbeat(NodeId, _state, CpuPercent(), _process.WorkingSet64));
        report.Elapsed += (_, _) => socket.SendFrame(WorkerMessages.Stats(NodeId, stats.TakeReport(), pool.Counts));
        _outbox.ReceiveReady += (_, e) =>
        {
            while (e.Queue.TryDequeue(out var frame, TimeSpan.Zero))
            {
                socket.SendFrame(frame);
            }
        };
        _onSocketThread.ReceiveReady += (_, e) =>
        {
            while (e.Queue.TryDequeue(out var action, TimeSpan.Zero))
            {
                action();
            }
        };
        poller.Add(readyTimer);
        poller.Add(heartbeat);
        poller.Add(report);
        poller.RunAsync("Locust worker socket");
        _onSocketThread.Enqueue(() =>
        {
            attempts = 1;
            socket.SendFrame(WorkerMessages.ClientReady(NodeId));
        });
        await log.WriteLineAsync($"Locust worker {NodeId} joining the master at {master}");

        var orders = HandleOrdersAsync(() => socket, s => socket = s, poller);
        var finished = await Task.WhenAny(orders, gaveUp.Task, Task.Delay(Timeout.Infinite, stop));
        int code;
        if (finished == gaveUp.Task)
        {
            await log.WriteLineAsync($"error: the Locust master at {master} did not answer {ReadyAttempts} client_ready messages over "
                + $"{(ReadyInterval * ReadyAttempts).TotalSeconds:0} s: is it running with --master, and is its --master-bind-port {master.Port}?");
            code = 1;
        }
        else
        {
            code = finished == orders ? await orders : 0;
        }

        if (finished != orders)
        {
            await QuitAsync();
        }

        _orders.Writer.TryComplete();
        await Task.Delay(TimeSpan.FromMilliseconds(300), CancellationToken.None); // let the last frames go
        poller.Stop();
        socket.Dispose();
        return code;
    }

    private DealerSocket Connect(NetMQPoller poller)
    {
        var socket = new DealerSocket();
        socket.Options.Identity = Encoding.UTF8.GetBytes(NodeId);
        socket.Options.Linger = TimeSpan.FromSeconds(1);
        socket.ReceiveReady += (_, e) =>
        {
            while (e.Socket.TryReceiveFrameBytes(out var frame))
            {
                try
                {
                    var order = WorkerMessages.Read(frame);
                    if (order.Type == "quit")
                    {
                        QuitNow(socket);
                    }

                    _orders.Writer.TryWrite(order);
                }
                catch (FormatException problem)
                {
                    log.WriteLine($"warning: {problem.Message}; the message is ignored");
                }
            }
        };
        socket.Connect($"tcp://{master.Host}:{master.Port}");
        poller.Add(socket);
        return socket;
    }

    // The master's orders, one at a time, in the order they came. Returns the exit code when the master says quit.
    private async Task<int> HandleOrdersAsync(Func<DealerSocket> socket, Action<DealerSocket> replace, NetMQPoller poller)
    {
        double lastSpawn = 0;
        await foreach (var order in _orders.Reader.ReadAllAsync())
        {
            switch (order.Type)
            {
                case "ack":
                    _acknowledged = true;
                    await log.WriteLineAsync($"joined the master as worker {Index(order.Data)}");
                    break;
                case "spawn":
                    Send(WorkerMessages.Spawning(NodeId));
                    var spawn = order.Data as IDictionary<object, object?> ?? new Dictionary<object, object?>();
                    var timestamp = Number(spawn.TryGetValue("timestamp", out var t) ? t : null);
                    if (timestamp <= lastSpawn)
                    {
                        break; // an older spawn than one already carried out
                    }

                    lastSpawn = timestamp;
                    if (_state is not ("running" or "spawning"))
                    {
                        stats.Clear();
                    }

                    _state = "spawning";
                    await SpawnAsync(spawn.TryGetValue("user_classes_count", out var counts) ? counts : null);
                    Send(WorkerMessages.SpawningComplete(NodeId, pool.Counts));
                    _state = "running";
                    break;
                case "stop":
                    await pool.StopAllAsync();
                    _state = "stopped";
                    Send(WorkerMessages.ClientStopped(NodeId));
                    Send(WorkerMessages.ClientReady(NodeId));
                    _state = "ready";
                    break;
                case "quit":
                    // The last report went out on the socket's thread as the order came (QuitNow).
                    await log.WriteLineAsync("the master said quit");
                    await ReportTotalsAsync();
                    await pool.StopAllAsync();
                    return 0;
                case "reconnect":
                    await log.WriteLineAsync("the master asked to reconnect");
                    _onSocketThread.Enqueue(() =>
                    {
                        var old = socket();
                        poller.Remove(old);
                        old.Dispose();
                        var fresh = Connect(poller);
                        replace(fresh);
                        fresh.SendFrame(WorkerMessages.ClientReady(NodeId));
                    });
                    break;
                default:
                    await log.WriteLineAsync($"warning: the master sent a message of type '{order.Type}', which this worker does not know; ignored");
                    break;
            }
        }

        return 0;
    }

    private async Task SpawnAsync(object? counts)
    {
        var targets = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, value) in counts as IDictionary<object, object?> ?? new Dictionary<object, object?>())
        {
            targets[key.ToString() ?? ""] = (int)Number(value);
        }

        try
        {
            await pool.SetTargetsAsync(targets);
        }
        catch (InvalidOperationException problem)
        {
            // The master's locustfile names a user class this worker has no scenario for: say so to both.
            await log.WriteLineAsync($"error: {problem.Message}");
            Send(WorkerMessages.Exception(NodeId, problem.Message, "the worker was started with other scenario files than the master's locustfile knows"));
            await pool.SetTargetsAsync(targets.Where(t => pool.Counts.ContainsKey(t.Key)).ToDictionary());
        }
    }

    // The master waits only about half a second for the last report after quit, however busy the worker is: so the
    // report goes out at once from the socket's own thread, the counts frozen first, so the worker's own totals are
    // exactly what the master received; then the users are told to stop.
    private void QuitNow(DealerSocket socket)
    {
        stats.Freeze();
        _state = "stopped";
        socket.SendFrame(WorkerMessages.Stats(NodeId, stats.TakeReport(), pool.Counts));
        socket.SendFrame(WorkerMessages.Quit(NodeId));
        pool.CancelAll();
    }

    // Leaving on its own (Ctrl-C, or a master that never answered): the same last report and quit, then the users stop.
    private async Task QuitAsync()
    {
        var sent = new TaskCompletionSource();
        _onSocketThread.Enqueue(() =>
        {
            stats.Freeze();
            _state = "stopped";
            _outbox.Enqueue(WorkerMessages.Stats(NodeId, stats.TakeReport(), pool.Counts));
            _outbox.Enqueue(WorkerMessages.Quit(NodeId));
            sent.TrySetResult();
        });
        pool.CancelAll();
        await sent.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await ReportTotalsAsync();
        await pool.StopAllAsync();
    }

    private async Task ReportTotalsAsync()
    {
        var totals = stats.Totals().Total;
        await log.WriteLineAsync($"this worker's requests: {totals.NumRequests}, failures: {totals.NumFailures}, sessions: {stats.Sessions}");
    }

    private void Send(byte[] frame) => _outbox.Enqueue(frame);

    // CPU time used since the last heartbeat, as a share of the whole machine (all cores), in percent.
    private double CpuPercent()
    {
        _process.Refresh();
        var cpu = _process.TotalProcessorTime;
        var wall = Stopwatch.GetElapsedTime(_lastCpuAt);
        var percent = wall > TimeSpan.Zero ? (cpu - _lastCpu).TotalMilliseconds / wall.TotalMilliseconds / Environment.ProcessorCount * 100 : 0;
        (_lastCpu, _lastCpuAt) = (cpu, Stopwatch.GetTimestamp());
        return Math.Round(percent, 1);
    }

    private static string Index(object? ack) =>
        ack is IDictionary<object, object?> data && data.TryGetValue("index", out var index) ? Convert.ToString(index, CultureInfo.InvariantCulture) ?? "?" : "?";

    private static double Number(object? value) => value switch
    {
        null => 0,
        IConvertible convertible => convertible.ToDouble(CultureInfo.InvariantCulture),
        _ => 0,
    };
}
