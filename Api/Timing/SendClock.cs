using System.Diagnostics;

namespace ImServerTests.Api.Timing;

/// <summary>
/// When each connection of one conversation sent what, so a frame's latency is measured from the send that caused
/// it: a receipt or the teacher's reply from its receiver's own last send, a relayed message from its sender's send
/// of that text, on another connection. One clock per test case, scenario run or load session, shared by its
/// connections; it keeps the latest sends only, so a long conversation costs no more than a short one. The same
/// send dates the timestamp of a frame the server makes (<see cref="ClockTolerance"/>).
/// </summary>
public sealed class SendClock(AnswerBudgets? budgets = null, ClockTolerance? clockTolerance = null)
{
    private const int Kept = 256;

    private readonly Lock _gate = new();
    private readonly Queue<Send> _sends = new();

    /// <summary>The budgets of the environment; null: latencies are recorded, never judged.</summary>
    public AnswerBudgets? Budgets { get; } = budgets;

    /// <summary>How far a frame's timestamp may be from this machine's clock; null: timestamps are not judged.</summary>
    public ClockTolerance? ClockTolerance { get; } = clockTolerance;

    /// <summary>Notes a send by the connection of <paramref name="connection"/>, as from <paramref name="from"/> (what its frame says), now.</summary>
    public void Sent(string connection, string? from, string? msg)
    {
        lock (_gate)
        {
            // Stamped inside the lock, so the queue is in time order for every connection.
            _sends.Enqueue(new Send(connection, from ?? connection, msg, Stopwatch.GetTimestamp(), DateTimeOffset.UtcNow));
            if (_sends.Count > Kept)
            {
                _sends.Dequeue();
            }
        }
    }

    /// <summary>
    /// The timing of <paramref name="frame"/>, which <paramref name="receiver"/> got at <paramref name="arrivedAt"/>
    /// (a Stopwatch timestamp); <paramref name="within"/> replaces the environment's budget. Null when nothing of
    /// this conversation was sent before it (a frame nobody asked for has no latency). A frame the server makes (anything
    /// but a chat message from a person of the conversation, which carries its sender's own fields) has its timestamp
    /// judged against the send and the arrival, when the clock has a tolerance.
    /// </summary>
    public FrameTiming? Time(string receiver, ImFrame frame, long arrivedAt, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Send? sameText = null, bySender = null, byReceiver = null;
        lock (_gate)
        {
            foreach (var send in _sends.TakeWhile(send => send.At <= arrivedAt))
            {
                if (frame.IsChat && send.From == frame.From)
                {
                    bySender = send;
                    sameText = send.Msg == frame.Msg ? send : sameText;
                }

                byReceiver = send.Connection == receiver ? send : byReceiver;
            }
        }

        // A chat message from a person of the conversation counts from that person's send of the same text (failing
        // that, a text changed on the way: its latest send); anything else from the receiver's own latest send.
        var fromAPerson = bySender is not null;
        if ((fromAPerson ? sameText ?? bySender : byReceiver) is not { } caused)
        {
            return null;
        }

        var latency = Stopwatch.GetElapsedTime(caused.At, arrivedAt);
        var budget = within is { } limit
            ? new LatencyBudget(AnswerBudgets.AnswerOf(frame, fromAPerson), limit, "the step's within")
            : Budgets?.For(frame, fromAPerson);
        var stampProblem = fromAPerson ? null : ClockTolerance?.Problem(frame.Timestamp, caused.Wall, caused.Wall + latency);
        return new FrameTiming(latency, budget) { TimestampProblem = stampProblem };
    }

    // At: the Stopwatch's reading, for latencies; Wall: this machine's clock at the same moment, for timestamps.
    private readonly record struct Send(string Connection, string From, string? Msg, long At, DateTimeOffset Wall);
}
