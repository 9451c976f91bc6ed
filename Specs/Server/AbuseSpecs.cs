using ImServerTests.Api;
using ImServerTests.Server;
using ImServerTests.Server.Conversation;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;

namespace ImServerTests.Specs.Server;

/// <summary>
/// Throws seeded random malformed input at the embedded server from several connections at once while a
/// well-behaved customer keeps talking to it. IMSERVER_ABUSE_SEED repeats a run; the seed is in every failure.
/// </summary>
[AllureEpic("Embedded server")]
[TestFixture]
[Category(Categories.Spec)]
[NonParallelizable] // it measures the process's memory, so other fixtures must not allocate meanwhile
[AllureFeature("Malformed input under load")]
public sealed class AbuseSpecs : ServerFixture
{
    private const int DefaultSeed = 20261126;
    private const int Abusers = 4;
    private const int AbusesPerRound = 25;
    private const int Rounds = 3;
    private const long AllowedGrowthBytes = 16 * 1024 * 1024;
    private const int MaxMessageChars = 64 * 1024;

    private readonly ConcurrentQueue<string> _problems = new();
    private int _politeExchanges;

    protected override ImServerOptions Options => new() { ReplyDelay = ThinkTime.None, MaxMessageChars = MaxMessageChars };

    private static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable(EnvironmentVariables.AbuseSeed), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : DefaultSeed;

    [Test]
    [Description("Random text and bytes, invalid UTF-8, huge and deep frames, wrong JSON types, bursts and dropped "
        + "connections from several clients: the server answers or closes correctly, keeps serving a polite customer, "
        + "forgets closed connections and does not grow its memory round after round.")]
    public async Task Malformed_input_from_many_connections_never_breaks_the_server()
    {
        var seed = Seed;
        TestContext.Out.WriteLine($"abuse seed {seed} (IMSERVER_ABUSE_SEED={seed} repeats this run)");
        var memoryAfterRound = new long[Rounds];
        using (var polite = new CancellationTokenSource())
        {
            var customer = Task.Run(() => PoliteCustomerAsync(polite.Token));
            try
            {
                for (var round = 0; round < Rounds; round++)
                {
                    // Each abuser's input depends on the seed alone (HashCode.Combine would differ per process).
                    await Task.WhenAll(Enumerable.Range(0, Abusers).Select(abuser =>
                        Task.Run(() => AbuseAsync(new Random(unchecked((seed * 31) + (round * Abusers) + abuser)), $"round {round + 1}, abuser {abuser + 1}"))));
                    memoryAfterRound[round] = await SettledMemoryAsync();
                }
            }
            catch (Exception e) when (e is not AssertionException)
            {
                throw new InvalidOperationException($"The abuse run with seed {seed} failed (IMSERVER_ABUSE_SEED={seed} repeats it): {e.Message}", e);
            }

            await polite.CancelAsync();
            await customer;
        }

        var stillOnline = await OnlineAfterDrainAsync();
        var growth = memoryAfterRound[^1] - memoryAfterRound[0];
        TestContext.Out.WriteLine($"managed memory after each round: {string.Join(", ", memoryAfterRound.Select(m => $"{m / 1024} KiB"))}; "
            + $"polite exchanges: {_politeExchanges}");

        using var scope = new AssertionScope();
        scope.AddReportable("seed", $"{seed} (set IMSERVER_ABUSE_SEED={seed} to repeat this run)");
        _problems.Should().BeEmpty("every malformed input must get its error reply or close code");
        Server.UnexpectedErrorCount.Should().Be(0, "no input may crash a connection's handler");
        _politeExchanges.Should().BePositive("the polite customer must be served while the others abuse the server");
        stillOnline.Should().Be(0, "the server must forget every connection once it has closed or dropped");
        growth.Should().BeLessThan(AllowedGrowthBytes,
            "memory after the last round ({0} KiB) must stay near memory after the first ({1} KiB)", memoryAfterRound[^1] / 1024, memoryAfterRound[0] / 1024);
    }

    private async Task AbuseAsync(Random random, string who)
    {
        var generator = new AbuseGenerator(random, MaxMessageChars);
        RawConnection? connection = null;
        try
        {
            for (var i = 0; i < AbusesPerRound; i++)
            {
                var abuse = generator.Next();
                connection ??= await OpenUnmanagedAsync(NewUser());
                try
                {
                    var problem = await DeliverAsync(connection, abuse);
                    if (problem is not null)
                    {
                        _problems.Enqueue($"{who}, abuse {i + 1}: {abuse}: {problem}");
                    }
                }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException or JsonException)
                {
                    _problems.Enqueue($"{who}, abuse {i + 1}: {abuse}: {e.GetType().Name}: {e.Message}");
                    connection.Abort();
                }

                if (connection.CloseStatus is not null || abuse.Expected is not (Expected.ErrorReply or Expected.ErrorReplies))
                {
                    await connection.DisposeAsync();
                    connection = null;
                }
            }

            if (connection is not null)
            {
                var problem = await StillServedAsync(connection);
                if (problem is not null)
                {
                    _problems.Enqueue($"{who}, after its abuse: {problem}");
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>Sends the abuse and checks the answer; returns what was wrong, or null.</summary>
    private static async Task<string?> DeliverAsync(RawConnection connection, Abuse abuse)
    {
        switch (abuse.Expected)
        {
            case Expected.Dropped:
                await connection.SendFragmentsAsync(abuse.Fragments, abuse.FrameType, finish: false);
                connection.Abort();
                return null;
            case Expected.ErrorReplies:
                var sending = Task.Run(async () =>
                {
                    for (var i = 0; i < abuse.Count; i++)
                    {
                        await connection.SendFragmentsAsync(abuse.Fragments, abuse.FrameType);
                    }
                });
                for (var i = 0; i < abuse.Count; i++)
                {
                    var problem = ErrorReplyProblem(await connection.ReceiveTextAsync(TimeSpan.FromSeconds(10)));
                    if (problem is not null)
                    {
                        return $"reply {i + 1} of {abuse.Count}: {problem}";
                    }
                }

                await sending;
                return null;
            case Expected.ErrorReply:
                await connection.SendFragmentsAsync(abuse.Fragments, abuse.FrameType);
                return ErrorReplyProblem(await connection.ReceiveTextAsync(TimeSpan.FromSeconds(10)));
            default:
                await connection.SendFragmentsAsync(abuse.Fragments, abuse.FrameType);
                var status = await connection.ReceiveCloseAsync();
                var wanted = abuse.Expected switch
                {
                    Expected.Close1003 => WebSocketCloseStatus.InvalidMessageType,
                    Expected.Close1007 => WebSocketCloseStatus.InvalidPayloadData,
                    _ => WebSocketCloseStatus.MessageTooBig,
                };
                return status == wanted ? null : $"closed with {Describe(status)}, expected {(int)wanted} {wanted}";
        }
    }

    private static string? ErrorReplyProblem(string? reply)
    {
        if (reply is null)
        {
            return "the server closed the connection instead of sending an error reply";
        }

        using var frame = JsonDocument.Parse(reply);
        var code = frame.RootElement.TryGetProperty("code", out var value) ? value.ToString() : "<missing>";
        return code == "1" ? null : $"expected an error reply with code \"1\", got {reply}";
    }

    private static async Task<string?> StillServedAsync(RawConnection connection)
    {
        await connection.SendJsonAsync(new { type = "match", from = connection.UserId, to = "system" });
        var reply = await connection.ReceiveAsync();
        return reply is { } frame && frame.Field("code") == "0" ? null : $"a match after the abuse was not answered with code \"0\": {reply}";
    }

    // One connection that matches once and then talks to its teacher until the abuse is over.
    private async Task PoliteCustomerAsync(CancellationToken stop)
    {
        try
        {
            await using var customer = await OpenUnmanagedAsync(NewUser());
            await customer.SendJsonAsync(new { type = "match", from = customer.UserId, to = "system" });
            var teacher = (await customer.ReceiveAsync())!.Value.Field("msg");
            while (!stop.IsCancellationRequested)
            {
                await customer.SendJsonAsync(Normal(customer, teacher, "你好"));
                var receipt = (await customer.ReceiveAsync())!.Value;
                var reply = (await customer.ReceiveAsync())!.Value;
                if (receipt.Field("msg") != Protocol.PushSuccess || reply.Field("from") != teacher || reply.Field("to") != customer.UserId)
                {
                    _problems.Enqueue($"polite customer: wrong conversation: receipt {receipt}, reply {reply}");
                    return;
                }

                Interlocked.Increment(ref _politeExchanges);

                // A person types: without a pause this one connection would take a whole core from the abusers.
                await Task.Delay(TimeSpan.FromMilliseconds(10), CancellationToken.None);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or InvalidOperationException)
        {
            _problems.Enqueue($"polite customer, after {_politeExchanges} good exchanges: {e.GetType().Name}: {e.Message}");
        }
    }

    // Closed connections leave the registry once their close handshake or abort has run its course.
    private async Task<int> OnlineAfterDrainAsync(int stillExpected = 0)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Server.Registry.OnlineCount > stillExpected && !deadline.IsCancellationRequested)
        {
            await Task.Delay(50, CancellationToken.None);
        }

        return Server.Registry.OnlineCount;
    }

    private async Task<long> SettledMemoryAsync()
    {
        await OnlineAfterDrainAsync(stillExpected: 1); // the polite customer
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string Describe(WebSocketCloseStatus? status) => status is { } s ? $"{(int)s} {s}" : "no close frame";
}
