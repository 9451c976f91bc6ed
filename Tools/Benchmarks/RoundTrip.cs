using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using ImServerTests.Api;
using ImServerTests.Client;
using ImServerTests.Conformance;

namespace ImServerTests.Benchmarks;

internal sealed record RoundTripRepetition(double Api, double Checked, double Client, double Bare, double ApiP99, double BareP99);

/// <summary>
/// The match exchange through ImServerApi (contract check off, and on), through the bare WebSocketClient under
/// it, and through a plain ClientWebSocket, interleaved so that machine noise hits all alike. Medians per repetition.
/// </summary>
internal static class RoundTrip
{
    private const int WarmUp = 1_000;

    // Tiered JIT promotes hot methods in the background after a quiet spell; give it time, not a count.
    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<List<RoundTripRepetition>> RunAsync(Uri baseUrl, Contract contract, int repetitions, int exchanges)
    {
        await using var im = await ImServerApi.ConnectAsync(baseUrl, "bench-api", Timeout, Timeout);
        await using var checkedIm = await ImServerApi.ConnectAsync(baseUrl, "bench-checked", Timeout, Timeout, contract);
        await using var client = await WebSocketClient.ConnectAsync(new Uri(baseUrl + "/bench-client"), Timeout);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(baseUrl + "/bench-bare"), default);
        var clientRequest = ImRequest.MatchFor("bench-client").ToJson();
        var bareRequest = Encoding.UTF8.GetBytes(ImRequest.MatchFor("bench-bare").ToJson());
        var buffer = new byte[4096];

        async Task<(double Api, double Checked, double Client, double Bare)> OnceAsync()
        {
            var clock = Stopwatch.StartNew();
            await im.MatchAsync();
            var api = clock.Elapsed.TotalMicroseconds;

            clock.Restart();
            await checkedIm.MatchAsync();
            var withContract = clock.Elapsed.TotalMicroseconds;

            clock.Restart();
            await client.SendAsync(clientRequest);
            await client.ReceiveAsync(Timeout);
            var viaClient = clock.Elapsed.TotalMicroseconds;

            clock.Restart();
            await socket.SendAsync(bareRequest, WebSocketMessageType.Text, true, default);
            await socket.ReceiveAsync(buffer.AsMemory(), default);
            return (api, withContract, viaClient, clock.Elapsed.TotalMicroseconds);
        }

        for (var warm = Stopwatch.StartNew(); warm.Elapsed < WarmUpTime;)
        {
            await OnceAsync();
        }

        var result = new List<RoundTripRepetition>();
        for (var r = 0; r < repetitions; r++)
        {
            var api = new List<double>();
            var withContract = new List<double>();
            var viaClient = new List<double>();
            var bare = new List<double>();
            for (var i = 0; i < exchanges; i++)
            {
                var (a, k, c, b) = await OnceAsync();
                api.Add(a);
                withContract.Add(k);
                viaClient.Add(c);
                bare.Add(b);
            }

            result.Add(new RoundTripRepetition(Stats.Median(api), Stats.Median(withContract), Stats.Median(viaClient), Stats.Median(bare), Stats.Percentile(api, 99), Stats.Percentile(bare, 99)));
        }

        return result;
    }

    /// <summary>Bytes allocated per match exchange through the Api (client and in-process server together).</summary>
    public static async Task<long> AllocationsPerExchangeAsync(Uri baseUrl, int exchanges)
    {
        await using var im = await ImServerApi.ConnectAsync(baseUrl, "bench-alloc", Timeout, Timeout);
        for (var i = 0; i < WarmUp; i++)
        {
            await im.MatchAsync();
        }

        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var i = 0; i < exchanges; i++)
        {
            await im.MatchAsync();
        }

        return (GC.GetTotalAllocatedBytes(precise: true) - before) / exchanges;
    }
}
