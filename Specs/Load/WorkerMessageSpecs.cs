using ImServerTests.Load.Locust;
using ImServerTests.Load.Stats;
using MessagePack;

namespace ImServerTests.Specs.Load;

/// <summary>
/// Every message the worker sends, as a Locust master unpacks it, against golden files written from the shapes of
/// Locust 2.x's protocol; a malformed message can stop the 2.12 master's message handling, so none may drift.
/// </summary>
[AllureEpic("Load")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Locust messages")]
public sealed class WorkerMessageSpecs
{
    private const string Node = "worker-host_0123456789abcdef0123456789abcdef";

    private static readonly Dictionary<string, int> Users = new() { ["SeedConversation"] = 2, ["SeedMatchStyle"] = 1 };

    private static IEnumerable<TestCaseData> Messages()
    {
        yield return new TestCaseData("client_ready", WorkerMessages.ClientReady(Node));
        yield return new TestCaseData("heartbeat", WorkerMessages.Heartbeat(Node, "running", 12.5, 104857600));
        yield return new TestCaseData("spawning", WorkerMessages.Spawning(Node));
        yield return new TestCaseData("spawning_complete", WorkerMessages.SpawningComplete(Node, Users));
        yield return new TestCaseData("stats", WorkerMessages.Stats(Node, Report(), Users));
        yield return new TestCaseData("client_stopped", WorkerMessages.ClientStopped(Node));
        yield return new TestCaseData("quit", WorkerMessages.Quit(Node));
        yield return new TestCaseData("exception", WorkerMessages.Exception(Node, "no scenario is the user class Other", "started with other files"));
    }

    [TestCaseSource(nameof(Messages))]
    public void A_message_is_what_the_golden_file_says(string type, byte[] message)
    {
        var golden = Path.Combine(AppContext.BaseDirectory, "Golden", type + ".txt");
        if (Environment.GetEnvironmentVariable(EnvironmentVariables.UpdateGolden) is { Length: > 0 } folder)
        {
            File.WriteAllText(Path.Combine(folder, type + ".txt"), MsgPackText.Of(message) + "\n"); // then read and review each file
        }

        MsgPackText.Of(message).Should().Be(File.ReadAllText(golden).ReplaceLineEndings("\n").TrimEnd('\n'),
            "the {0} message must keep Locust's shape (Golden/{0}.txt)", type);
    }

    [TestCaseSource(nameof(Messages))]
    public void A_message_is_the_array_type_data_node_id(string type, byte[] message)
    {
        var read = WorkerMessages.Read(message);

        read.Type.Should().Be(type);
        read.NodeId.Should().Be(Node);
    }

    [Test]
    public void A_stats_entry_has_exactly_the_keys_of_Locusts_StatsEntryDict()
    {
        var data = (IDictionary<object, object?>)WorkerMessages.Read(WorkerMessages.Stats(Node, Report(), Users)).Data!;
        var entry = (IDictionary<object, object?>)((object[])data["stats"]!)[0]!;

        data.Keys.Should().BeEquivalentTo(["stats", "stats_total", "errors", "user_classes_count", "user_count"]);
        entry.Keys.Should().BeEquivalentTo(
        [
            "name", "method", "last_request_timestamp", "start_time", "num_requests", "num_none_requests", "num_failures", "total_response_time",
            "max_response_time", "min_response_time", "total_content_length", "response_times", "num_reqs_per_sec", "num_fail_per_sec",
        ]);
        ((IDictionary<object, object?>)entry["response_times"]!).Keys.Should().AllSatisfy(k => k.Should().BeAssignableTo<IConvertible>().And.NotBeOfType<string>());
    }

    [Test]
    public void A_report_holds_only_what_happened_since_the_previous_one()
    {
        var stats = new RequestStats(() => 1_700_000_000.5);
        stats.Record("seed-conversation: receipt", 12);

        stats.TakeReport().Total.NumRequests.Should().Be(1);
        stats.TakeReport().Total.NumRequests.Should().Be(0);
        stats.Totals().Total.NumRequests.Should().Be(1, "the run's totals keep everything");
    }

    [Test]
    public void What_is_not_a_message_of_the_protocol_is_named()
    {
        var notMsgPack = () => WorkerMessages.Read([0xc1]);
        var notAnArray = () => WorkerMessages.Read(MessagePackSerializer.Serialize("spawn"));

        notMsgPack.Should().Throw<FormatException>().WithMessage("a message from the master is not msgpack*");
        notAnArray.Should().Throw<FormatException>().WithMessage("a message from the master is not the array [type, data, node_id]");
    }

    // Two receipts, one slow match that failed: fixed times, so the golden file holds.
    private static StatsSnapshot Report()
    {
        var stats = new RequestStats(() => 1_700_000_000.25);
        stats.Record("seed-conversation: receipt", 12.4);
        stats.Record("seed-conversation: receipt", 145);
        stats.Record("seed-conversation: match", 3432.5, "msgId is \"1\", expected a dashed UUID");
        return stats.TakeReport();
    }
}
