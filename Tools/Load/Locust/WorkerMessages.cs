using System.Security.Cryptography;
using System.Text;
using ImServerTests.Load.Stats;
using MessagePack;

namespace ImServerTests.Load.Locust;

/// <summary>A message of Locust's protocol: its type, its data (msgpack's untyped values) and the worker's node id.</summary>
public sealed record LocustMessage(string Type, object? Data, string NodeId);

/// <summary>
/// Every message a worker sends to a Locust master, and the reading of what the master sends, in the shapes of
/// Locust 2.x (locust/rpc/protocol.py, runners.py, stats.py): one ZeroMQ frame holding the msgpack array
/// [type, data, node_id], strings as msgpack str, integer keys where Locust keys by integers.
/// </summary>
public static class WorkerMessages
{
    /// <summary>What client_ready carries: -1, which Locust's master takes without a version check (as boomer and locust4j send).</summary>
    public const long Version = -1;

    private static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    public static byte[] ClientReady(string nodeId) => Pack("client_ready", Version, nodeId);

    /// <summary>Every second, from the worker's own thread: its state (ready, spawning, running, stopped), CPU percent and memory bytes.</summary>
    public static byte[] Heartbeat(string nodeId, string state, double cpuPercent, long memoryBytes) =>
        Pack("heartbeat", new Dictionary<string, object?> { ["state"] = state, ["current_cpu_usage"] = cpuPercent, ["current_memory_usage"] = memoryBytes }, nodeId);

    public static byte[] Spawning(string nodeId) => Pack("spawning", null, nodeId);

    public static byte[] SpawningComplete(string nodeId, IReadOnlyDictionary<string, int> userClassesCount) =>
        Pack("spawning_complete", new Dictionary<string, object?>
        {
            ["user_classes_count"] = Counts(userClassesCount),
            ["user_count"] = (long)userClassesCount.Values.Sum(),
        }, nodeId);

    /// <summary>Every 3 s: only what happened since the previous report, which the master adds to its totals.</summary>
    public static byte[] Stats(string nodeId, StatsSnapshot report, IReadOnlyDictionary<string, int> userClassesCount)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Pack("stats", new Dictionary<string, object?>
        {
            ["stats"] = report.Entries.Where(e => e.NumRequests > 0 || e.NumFailures > 0).Select(Entry).ToList<object?>(),
            ["stats_total"] = Entry(report.Total),
            ["errors"] = report.Errors.ToDictionary(ErrorKey, e => (object?)new Dictionary<string, object?>
            {
                ["name"] = e.Name,
                ["method"] = e.Method,
                ["error"] = e.Error,
                ["occurrences"] = e.Occurrences,
            }),
            ["user_classes_count"] = Counts(userClassesCount),
            ["user_count"] = (long)userClassesCount.Values.Sum(),
        }, nodeId);
    }

    public static byte[] ClientStopped(string nodeId) => Pack("client_stopped", null, nodeId);

    public static byte[] Quit(string nodeId) => Pack("quit", null, nodeId);

    public static byte[] Exception(string nodeId, string message, string traceback) =>
        Pack("exception", new Dictionary<string, object?> { ["msg"] = message, ["traceback"] = traceback }, nodeId);

    /// <summary>Reads a message from the master; anything that is not [type, data, node_id] is a <see cref="FormatException"/>.</summary>
    public static LocustMessage Read(byte[] frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        object? value;
        try
        {
            value = MessagePackSerializer.Deserialize<object>(frame, Options);
        }
        catch (MessagePackSerializationException e)
        {
            throw new FormatException($"a message from the master is not msgpack: {e.Message}", e);
        }

        return value is object[] { Length: 3 } parts && parts[0] is string type
            ? new LocustMessage(type, parts[1], parts[2] as string ?? "")
            : throw new FormatException("a message from the master is not the array [type, data, node_id]");
    }

    /// <summary>A message the way a master writes it (for tests that play the master).</summary>
    public static byte[] FromMaster(string type, object? data, string nodeId) => Pack(type, data, nodeId);

    /// <summary>Writes any message as msgpack, the way <see cref="Read"/> and Locust read it.</summary>
    public static byte[] Pack(string type, object? data, string nodeId) =>
        MessagePackSerializer.Serialize<object>(new object?[] { type, data, nodeId }, Options);

    // One entry as Locust's StatsEntry.serialize() writes it.
    private static Dictionary<string, object?> Entry(StatsEntry entry) => new()
    {
        ["name"] = entry.Name,
        ["method"] = entry.Method,
        ["last_request_timestamp"] = entry.LastRequestTimestamp,
        ["start_time"] = entry.StartTime,
        ["num_requests"] = entry.NumRequests,
        ["num_none_requests"] = 0L,
        ["num_failures"] = entry.NumFailures,
        ["total_response_time"] = entry.TotalResponseTime,
        ["max_response_time"] = entry.MaxResponseTime,
        ["min_response_time"] = entry.MinResponseTime,
        ["total_content_length"] = entry.TotalContentLength,
        ["response_times"] = new Dictionary<long, long>(entry.ResponseTimes),
        ["num_reqs_per_sec"] = new Dictionary<long, long>(entry.RequestsPerSecond),
        ["num_fail_per_sec"] = new Dictionary<long, long>(entry.FailuresPerSecond),
    };

    private static Dictionary<string, object?> Counts(IReadOnlyDictionary<string, int> counts) =>
        counts.ToDictionary(c => c.Key, c => (object?)(long)c.Value, StringComparer.Ordinal);

    // Locust keys an error by a hash of method, name and error; any stable key does, this one is Locust's own.
    private static string ErrorKey(StatsError error) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{error.Method}.{error.Name}.'{error.Error}'")));
}
