using System.Diagnostics;
using ImServerTests.Shared;
using ImServerTests.TestKit.Servers;

namespace ImServerTests.Load.Delivery;

/// <summary>What one session's messages became, each way, and what else arrived.</summary>
public sealed record DeliveryOutcome(
    MessageLedger ToSeat, MessageLedger ToCustomer, IReadOnlyList<string> Refusals, IReadOnlyList<string> Strays);

/// <summary>
/// One session of the delivery user, over the regression's Api: a fresh customer connects and matches (learning its
/// teacher id), a second connection takes the teacher's seat (and proves it with its own match, which names the
/// customer), then both send numbered messages to each other at once, back to back, and each side reads what arrives
/// until every message of the other side has arrived and every one of its own sends has its receipt, or until the
/// receive timeout after the last send. Each frame is read once, parsed once and not checked against the contract
/// (the scenario users check frames; this user counts messages). Arrival times are taken as each frame is read,
/// by a reader that is always waiting, so they are the frame's arrival.
/// </summary>
public sealed class DeliverySession(ServerUnderTest target, int messagesEachWay)
{
    public const string CustomerToSeat = "customer -> seat";
    public const string SeatToCustomer = "seat -> customer";

    private readonly TimeSpan _timeout = target.Settings.ReceiveTimeout;
    private readonly TimeSpan _budget = target.Settings.Budgets[Budgets.Relay];

    /// <summary>Plays the session with a fresh customer and seat, closed at its end.</summary>
    public async Task<DeliveryOutcome> RunAsync(CancellationToken stop)
    {
        await using var connections = new Users.UserConnections(target, keep: false);
        await connections.BeginSessionAsync(stop);
        return await RunAsync(connections, stop);
    }

    /// <summary>
    /// Plays the session on the user's connections (begun by the caller, ended by the caller): with --stay-connected the
    /// customer and the seat of the previous session, whose match names the same teacher for the life of the customer's
    /// connection. A connection that fails, a match that names no teacher or a seat not taken is an exception.
    /// </summary>
    public async Task<DeliveryOutcome> RunAsync(Users.UserConnections connections, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(connections);
        var customer = await connections.ConnectAsync(connections.FreshId(), stop);
        var match = await customer.MatchAsync(stop);
        if (match.Code != Protocol.Success || match.Msg is not { } teacher || !Protocol.IsTeacher(teacher))
        {
            throw new DeliveryException($"the customer's match names no teacher: {match.Raw}");
        }

        var seat = await connections.ConnectAsync(connections.KeepAs(teacher), stop);
        var seatMatch = await seat.MatchAsync(stop);
        if (seatMatch.Code != Protocol.Success || seatMatch.Msg != customer.UserId)
        {
            throw new DeliveryException($"the teacher's seat is not paired with its customer: its match answered {seatMatch.Raw}");
        }

        var toSeat = new MessageLedger(_budget, _timeout, messagesEachWay);
        var toCustomer = new MessageLedger(_budget, _timeout, messagesEachWay);
        // The customer's id, and on kept connections the session's number on them: unique to the session.
        var session = connections.SessionsOnThem > 1 ? $"{customer.UserId}/{connections.SessionsOnThem}" : customer.UserId;
        var toSeatText = new NumberedText(session, "to seat");
        var toCustomerText = new NumberedText(session, "to customer");
        var clock = Stopwatch.StartNew();

        // The readers wait before the first send, so each frame is timed as it arrives.
        var sending = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var seatReads = ReadAsync(seat, toSeat, toSeatText, CustomerToSeat, SeatToCustomer, sending.Task, clock, stop);
        var customerReads = ReadAsync(customer, toCustomer, toCustomerText, SeatToCustomer, CustomerToSeat, sending.Task, clock, stop);
        try
        {
            await Task.WhenAll(
                SendAsync(customer, teacher, toSeat, toSeatText, clock, stop),
                SendAsync(seat, customer.UserId, toCustomer, toCustomerText, clock, stop));
            sending.SetResult(clock.Elapsed);
        }
        catch (Exception e)
        {
            sending.SetException(e);
            await Task.WhenAll(seatReads, customerReads).ContinueWith(_ => { }, TaskScheduler.Default); // their failure, if any, is not the one to report
            throw;
        }

        var (seatSide, customerSide) = (await seatReads, await customerReads);
        return new DeliveryOutcome(toSeat, toCustomer, [.. seatSide.Refusals, .. customerSide.Refusals], [.. seatSide.Strays, .. customerSide.Strays]);
    }

    private async Task SendAsync(ImServerApi from, string to, MessageLedger ledger, NumberedText text, Stopwatch clock, CancellationToken stop)
    {
        for (var number = 1; number <= messagesEachWay; number++)
        {
            ledger.Sent(number, clock.Elapsed);
            await from.SendRequestAsync(ImRequest.NormalMessage(from.UserId, to, text.Of(number)), stop);
        }
    }

    // Reads one side's frames: the other side's numbered messages, and the replies to this side's own sends (a
    // refusal, code "1", is a failure; a receipt is only counted). Stops when all are in, or the receive timeout after
    // the last send has passed; then takes whatever else has already arrived, so a copy right behind its message counts.
    private async Task<(List<string> Refusals, List<string> Strays)> ReadAsync(
        ImServerApi reader, MessageLedger incoming, NumberedText text, string incomingDirection, string ownDirection, Task<TimeSpan> sending,
        Stopwatch clock, CancellationToken stop)
    {
        var replies = 0;
        var refusals = new List<string>();
        var strays = new List<string>();
        void Take(ImFrame frame)
        {
            if (!frame.IsChat)
            {
                replies++;
                if (frame.Code == Protocol.Failure)
                {
                    refusals.Add($"{ownDirection}: a send was refused: {frame.Raw}");
                }
            }
            else if (text.NumberOf(frame.Msg) is not { } number || !incoming.Arrived(number, ArrivalOf(frame, clock)))
            {
                strays.Add($"{incomingDirection}: a chat message that is none of this session's: {frame.Raw}");
            }
        }

        while (!(incoming.AllArrived && replies >= messagesEachWay))
        {
            TimeSpan deadline;
            if (!sending.IsCompleted)
            {
                deadline = clock.Elapsed + _timeout; // still sending: a timeout from now, looked at again after the next frame
            }
            else if (sending.IsCompletedSuccessfully)
            {
                deadline = sending.Result + _timeout;
            }
            else
            {
                return (refusals, strays); // a send failed: the session fails with it
            }

            var window = deadline - clock.Elapsed;
            if (window <= TimeSpan.Zero)
            {
                break;
            }

            if (await reader.TryReceiveWithinAsync(window, stop) is { } frame)
            {
                Take(frame);
            }
        }

        while (await reader.TryReceiveWithinAsync(TimeSpan.Zero, stop) is { } frame)
        {
            Take(frame);
        }

        return (refusals, strays);
    }

    // When the frame arrived on the session's clock: its arrival as the connection stamped it, not when the reader got to it.
    private static TimeSpan ArrivalOf(ImFrame frame, Stopwatch clock) =>
        frame.ArrivedAt is { } arrived ? clock.Elapsed - Stopwatch.GetElapsedTime(arrived) : clock.Elapsed;
}

/// <summary>A session that could not start its messages: no teacher, no seat.</summary>
public sealed class DeliveryException(string message) : Exception(message);
