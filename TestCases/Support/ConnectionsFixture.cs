using System.Collections.Concurrent;
using System.Text;
using ImServerTests.Api.Timing;
using ImServerTests.Client;
using ImServerTests.Client.Framing;
using ImServerTests.Config;
using ImServerTests.TestKit.Scenarios.Har;
using ImServerTests.TestKit.Servers;
using NUnit.Framework.Interfaces;

namespace ImServerTests.TestCases.Support;

/// <summary>
/// What every fixture of TestCases does with its connections: fresh user ids, connections that are closed when the
/// test ends, the transcripts and HAR of those connections when a case fails, the contract check of every frame
/// received, and that no frame arrived twice. Each case gets its own fixture instance, so cases marked
/// [Parallelizable(ParallelScope.All)] run side by side and their "no reply" windows overlap instead of adding up.
/// A regression fixture derives from <see cref="ImServerFixture"/>, which adds its header; the Security cases from this.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public abstract class ConnectionsFixture
{
    private readonly ConcurrentQueue<ImServerApi> _testConnections = new();
    private readonly ConcurrentQueue<WebSocketFramer> _framers = new();
    private readonly ConcurrentDictionary<ImServerApi, int> _framesChecked = new();
    private readonly ConcurrentDictionary<ImServerApi, int> _copiesChecked = new();
    private SendClock? _clock;

    /// <summary>The run's server, its settings, connection options and contract (<see cref="global::RegressionRun"/>).</summary>
    protected static ServerUnderTest ServerUnderTest => RegressionRun.Server;

    protected static ImServerSettings Settings => ServerUnderTest.Settings;

    /// <summary>The server this fixture talks to: the server under test, unless a fixture needs another.</summary>
    protected virtual Uri BaseUrl => ServerUnderTest.BaseUrl;

    /// <summary>A user id no other fixture or run uses: {prefix}-{random}.</summary>
    protected static string NewCustomerId() => ServerUnderTest.NewUserId();

    /// <summary>A user id that the server takes for a teacher (ends in __mtx) but that no customer is paired with.</summary>
    protected static string NewTeacherLikeId() => NewCustomerId() + Protocol.TeacherSuffix;

    /// <summary>A connection that is closed when the current test ends.</summary>
    protected async Task<ImServerApi> ConnectAsync(string userId)
    {
        var api = await OpenAsync(userId);
        _testConnections.Enqueue(api);
        return api;
    }

    /// <summary>
    /// As <see cref="ConnectAsync(string)"/>, as one connection of a conversation of its own: its latencies count on
    /// <paramref name="clock"/> (<see cref="ServerUnderTest.NewClock"/>), for a case that holds many conversations at once.
    /// </summary>
    protected async Task<ImServerApi> ConnectAsync(string userId, SendClock clock)
    {
        RunFacts.ServerUsed(BaseUrl.ToString(), CasesInReport);
        var api = await ServerUnderTest.ConnectAsync(BaseUrl, userId, clock, CancellationToken.None);
        _testConnections.Enqueue(api);
        return api;
    }

    /// <summary>A fresh customer's connection.</summary>
    protected async Task<(string Customer, ImServerApi Im)> ConnectCustomerAsync()
    {
        var customer = NewCustomerId();
        return (customer, await ConnectAsync(customer));
    }

    /// <summary>
    /// Takes the seat of <paramref name="teacherId"/> (learned from a match reply): the newest connection of an
    /// id gets its pushes, so this connection now hears the customer, and the bot teacher no longer does.
    /// </summary>
    protected Task<ImServerApi> TakeTeacherSeatAsync(string teacherId) => ConnectAsync(teacherId);

    /// <summary>
    /// A connection at the level of frames (RFC 6455), as <paramref name="userId"/>, with the environment's connection
    /// options: for what ClientWebSocket cannot send. Closed when the test ends; its transcript is printed if it fails.
    /// </summary>
    protected async Task<WebSocketFramer> ConnectFramerAsync(string userId)
    {
        RunFacts.ServerUsed(BaseUrl.ToString(), CasesInReport);
        var framer = await WebSocketFramer.ConnectAsync(Protocol.UserUrl(BaseUrl, userId), ServerUnderTest.Connection);
        _framers.Enqueue(framer);
        return framer;
    }

    /// <summary>The environment's budget of <paramref name="budget"/>, for an answer the Api does not time itself (a pong).</summary>
    protected static LatencyBudget BudgetOf(Budget budget) => new AnswerBudgets(Settings.Budgets, Settings.EnvironmentName).Of(budget);

    [TearDown]
    public async Task CloseTestConnectionsAsync()
    {
        var connections = FixtureConnections.Concat(_testConnections).ToList();
        var strangers = FramesMatchingNoMessage(connections);
        var copies = SecondCopies.In(connections, _copiesChecked);
        var failed = TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed;
        var broken = strangers.Count > 0 || copies.Count > 0;
        if (failed || broken)
        {
            WriteTranscripts(connections);
            WriteTranscripts(_framers);
        }

        await ExportHarAsync(connections, attach: failed || broken);

        // Side by side: each close handshake takes a round trip, and a case may hold a hundred connections.
        var closing = new List<Task>();
        while (_testConnections.TryDequeue(out var api))
        {
            closing.Add(api.DisposeAsync().AsTask());
        }

        while (_framers.TryDequeue(out var framer))
        {
            closing.Add(framer.DisposeAsync().AsTask());
        }

        await Task.WhenAll(closing);

        if (broken)
        {
            var message = string.Join(Environment.NewLine, new[]
            {
                strangers.Count == 0 ? null
                    : $"Every frame the server sends must be a message of the contract {Path.GetFileName(ServerUnderTest.Contract.Source)}; "
                    + $"these match none of {string.Join(", ", ServerUnderTest.Contract.Received)}:{Environment.NewLine}  "
                    + string.Join(Environment.NewLine + "  ", strangers),
                copies.Count == 0 ? null
                    : $"Every frame must arrive once; these arrived again:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", copies),
            }.OfType<string>());

            // A failure in tear-down would replace the test's own message; a failed test keeps it, and gets this one in its output.
            if (failed)
            {
                await TestContext.Out.WriteLineAsync(message);
            }
            else
            {
                Assert.Fail(message);
            }
        }
    }

    /// <summary>
    /// The send times of this fixture instance's connections (a case's, or a chained fixture's whole conversation), so
    /// a frame's latency counts from the send that caused it, on whichever connection, and keeps the environment's budgets.
    /// </summary>
    protected SendClock Clock => LazyInitializer.EnsureInitialized(ref _clock, ServerUnderTest.NewClock);

    /// <summary>Connections that outlive one case; their frames are reported and checked with each case's.</summary>
    protected virtual IEnumerable<ImServerApi> FixtureConnections => [];

    /// <summary>Who these cases are in the report's environment, which names the servers each kind of case used.</summary>
    protected virtual string CasesInReport => "ImServer cases";

    protected Task<ImServerApi> OpenAsync(string userId)
    {
        RunFacts.ServerUsed(BaseUrl.ToString(), CasesInReport);
        return ServerUnderTest.ConnectAsync(BaseUrl, userId, Clock, CancellationToken.None);
    }

    // Every frame received since the last check, whether a step looked at it or not, must be some message of the contract.
    private List<string> FramesMatchingNoMessage(List<ImServerApi> connections)
    {
        var strangers = new List<string>();
        foreach (var api in connections)
        {
            var received = api.Transcript.Entries.Where(e => e.Direction == FrameDirection.Received).ToList();
            var from = _framesChecked.GetValueOrDefault(api);
            strangers.AddRange(received.Skip(from)
                .Where(e => ServerUnderTest.Contract.MatchingReceived(e.Text).Count == 0)
                .Select(e => $"{api.UserId} <- {e.Text}"));
            _framesChecked[api] = received.Count;
        }

        return strangers;
    }

    // The test's connections as a HAR file DevTools opens: always attached to a failing test's report, and written
    // for every test to IMSERVER_HAR_DIR when it is set.
    private static async Task ExportHarAsync(List<ImServerApi> connections, bool attach)
    {
        var directory = Environment.GetEnvironmentVariable(EnvironmentVariables.HarDirectory);
        if (connections.Count == 0 || (!attach && string.IsNullOrEmpty(directory)))
        {
            return;
        }

        var har = HarWriter.Write(connections.Select(Recorded));
        if (attach)
        {
            AllureApi.AddAttachment("connections.har", "application/json", Encoding.UTF8.GetBytes(har), ".har");
        }

        if (!string.IsNullOrEmpty(directory))
        {
            var folder = Path.GetFullPath(directory, RepositoryRoot.Find());
            var name = string.Concat(TestContext.CurrentContext.Test.Name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
            await HarFolder.WriteAsync(Path.Combine(folder, name + ".har"), har);
        }
    }

    private static RecordedConnection Recorded(ImServerApi api)
    {
        var entries = api.Transcript.Entries.Where(e => e.Direction != FrameDirection.Closed).ToList();
        return new RecordedConnection(
            api.Url,
            entries.FirstOrDefault()?.Time ?? DateTimeOffset.UtcNow,
            [.. entries.Select(e => new RecordedMessage(e.Direction == FrameDirection.Sent ? RecordedDirection.Send : RecordedDirection.Receive, e.Time, e.Text))]);
    }

    private static void WriteTranscripts(IEnumerable<WebSocketFramer> framers)
    {
        foreach (var framer in framers)
        {
            var text = $"Frames of {framer.Url}:{Environment.NewLine}{framer.Transcript}";
            TestContext.Out.WriteLine(text);
            AllureApi.AddAttachment($"frames of {framer.Url.Segments[^1]}", "text/plain", Encoding.UTF8.GetBytes(text), ".txt");
        }
    }

    private static void WriteTranscripts(IEnumerable<ImServerApi> connections)
    {
        foreach (var api in connections)
        {
            var text = $"Transcript of {api.Url}:{Environment.NewLine}{api.Transcript}";
            TestContext.Out.WriteLine(text);
            AllureApi.AddAttachment($"transcript of {api.UserId}", "text/plain", Encoding.UTF8.GetBytes(text), ".txt");
        }
    }
}
