using ImServerTests.Api;
using ImServerTests.Client;
using ImServerTests.TestKit.Fuzzing.Model;

namespace ImServerTests.TestKit.Fuzzing.Running;

/// <summary>
/// A conversation between two users the fuzzed ones never address on purpose: a customer and a person in its
/// teacher's seat, who exchange a numbered message each way after every step. Each message must arrive once, as sent,
/// with its receipt, within its budget; anything else they get, or a connection closed, breaks the sentinel property.
/// </summary>
internal sealed class Sentinel(ImServerApi customer, ImServerApi seat, PropertyTally tally) : IAsyncDisposable
{
    private int _round;

    public string Teacher => seat.UserId;

    public static async Task<Sentinel> StartAsync(FuzzTarget target, PropertyTally tally, CancellationToken cancellationToken)
    {
        var clock = target.Server.NewClock();
        var customer = await target.ConnectAsync(target.Server.NewUserId(), clock, cancellationToken).ConfigureAwait(false);
        try
        {
            var match = await customer.MatchAsync(cancellationToken).ConfigureAwait(false);
            if (match.Code != Protocol.Success || match.Msg is not { } teacher || !Protocol.IsTeacher(teacher))
            {
                throw new FuzzFailure(FuzzProperty.Sentinel, $"the sentinel customer's match got {match.Raw}, not its teacher");
            }

            // The seat's own match round trip: once it is answered, the server has the seat, and the customer's messages go there.
            var seat = await target.ConnectAsync(teacher, clock, cancellationToken).ConfigureAwait(false);
            try
            {
                var seatMatch = await seat.MatchAsync(cancellationToken).ConfigureAwait(false);
                return ReplyShape.MatchReply(customer.UserId, inTheSeat: true).Fits(seatMatch, teacher)
                    ? new Sentinel(customer, seat, tally)
                    : throw new FuzzFailure(FuzzProperty.Sentinel, $"the sentinel's seat match got {seatMatch.Raw}, not its customer");
            }
            catch
            {
                await seat.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            await customer.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>One message each way; a closed connection or a timeout is reported as the sentinel's.</summary>
    public async Task RoundAsync(CancellationToken cancellationToken)
    {
        _round++;
        try
        {
            await PassAsync(customer, seat, $"sentinel {_round}: 你好 🙂 \"quoted\"", cancellationToken).ConfigureAwait(false);
            await PassAsync(seat, customer, $"sentinel {_round} back: 收到", cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketClientException e)
        {
            throw new FuzzFailure(FuzzProperty.Sentinel, $"the sentinel conversation broke in round {_round}: {e.Message}");
        }

        tally.Checked(FuzzProperty.Sentinel);
    }

    /// <summary>Each side's match still answers, and nothing else came for either.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        foreach (var (api, partner) in new[] { (customer, seat.UserId), (seat, customer.UserId) })
        {
            ImFrame reply;
            try
            {
                reply = await api.MatchAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketClientException e)
            {
                throw new FuzzFailure(FuzzProperty.Sentinel, $"the sentinel {api.UserId} no longer answers: {e.Message}");
            }

            if (!ReplyShape.MatchReply(partner, api == seat).Fits(reply, api.UserId))
            {
                throw new FuzzFailure(FuzzProperty.Sentinel, $"the sentinel {api.UserId} got {reply.Raw} where its match reply naming {partner} was due");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await seat.DisposeAsync().ConfigureAwait(false);
        await customer.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task PassAsync(ImServerApi from, ImServerApi to, string text, CancellationToken cancellationToken)
    {
        await from.SendNormalAsync(to.UserId, text, cancellationToken).ConfigureAwait(false);
        var receipt = await from.ReceiveReceiptAsync(cancellationToken).ConfigureAwait(false);
        var relay = await to.ReceiveChatAsync("the sentinel's message", cancellationToken).ConfigureAwait(false);
        var sent = ImRequest.NormalMessage(from.UserId, to.UserId, text);
        var problems = new List<string>();
        if (!ReplyShape.Receipt.Fits(receipt, from.UserId))
        {
            problems.Add($"{from.UserId} got {receipt.Raw} where the receipt of its message was due");
        }

        if (relay.Type != sent.Type || relay.From != sent.From || relay.To != sent.To || relay.Msg != sent.Msg || relay.MsgId != sent.MsgId || relay.Code is not null || relay.Timestamp is not null)
        {
            problems.Add($"{to.UserId} got {relay.Raw} where {sent.ToJson()} was due");
        }

        problems.AddRange(new[] { receipt.Timing?.Problem, relay.Timing?.Problem }.OfType<string>());
        if (problems.Count > 0)
        {
            throw new FuzzFailure(FuzzProperty.Sentinel, "the sentinel conversation broke: " + string.Join("; ", problems));
        }
    }
}
