namespace ImServerTests.Load.Delivery;

/// <summary>
/// What became of one numbered message: how long its first copy took from its send (null: lost), how many copies
/// arrived and how long the second took, whether a later-numbered message arrived before it (reordered), and whether
/// its first copy took longer than the relay budget (late).
/// </summary>
public sealed record MessageOutcome(int Number, TimeSpan? Latency, int Copies, TimeSpan? CopyLatency, bool Reordered, bool Late)
{
    /// <summary>Not received within its timeout, counted from its send.</summary>
    public bool Lost => Latency is null;

    /// <summary>A second copy arrived (within the timeout).</summary>
    public bool Duplicated => Copies > 1;

    /// <summary>The one good outcome: once, in order, within the budget.</summary>
    public bool DeliveredOnceInOrder => !Lost && !Duplicated && !Reordered && !Late;
}

/// <summary>
/// The messages one sender sends to one recipient in a session, by number, and what arrived: the accounting of
/// delivery, free of any connection. A message is lost when no copy arrives within <paramref name="timeout"/> of its
/// send (a copy later than that counts as nothing); late when its first copy took longer than <paramref name="budget"/>;
/// reordered when a later-numbered message's first copy arrived before its own; duplicated when a second copy
/// arrived. Only the first copy of each message decides the order. With <paramref name="expected"/> (numbers 1 to
/// it), <see cref="AllArrived"/> knows what is still to come before the last send. Thread-safe: the sender and the
/// receiver of a session write to it at once.
/// </summary>
public sealed class MessageLedger(TimeSpan budget, TimeSpan timeout, int expected = 0)
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<int, TimeSpan> _sent = [];
    private readonly List<(int Number, TimeSpan At)> _arrivals = [];
    private readonly HashSet<int> _arrived = [];

    public TimeSpan Budget => budget;

    public TimeSpan Timeout => timeout;

    /// <summary>Message <paramref name="number"/> was sent at <paramref name="at"/> (the session's clock).</summary>
    public void Sent(int number, TimeSpan at)
    {
        lock (_gate)
        {
            _sent[number] = at;
        }
    }

    /// <summary>A copy of message <paramref name="number"/> arrived at <paramref name="at"/>; false when no such message was sent (a stray).</summary>
    public bool Arrived(int number, TimeSpan at)
    {
        lock (_gate)
        {
            if (!_sent.ContainsKey(number))
            {
                return false;
            }

            _arrivals.Add((number, at));
            _arrived.Add(number);
            return true;
        }
    }

    /// <summary>Every message expected (or, without an expected count, every message sent) has a copy.</summary>
    public bool AllArrived
    {
        get
        {
            lock (_gate)
            {
                return _arrived.Count >= Math.Max(expected, _sent.Count);
            }
        }
    }

    /// <summary>Each sent message's outcome, by number.</summary>
    public IReadOnlyList<MessageOutcome> Outcomes()
    {
        lock (_gate)
        {
            // Arrivals within their message's timeout, in the order they came; the position of each first copy.
            var firstAt = new Dictionary<int, int>();
            var copies = new Dictionary<int, List<TimeSpan>>();
            var inTime = _arrivals.Where(a => a.At - _sent[a.Number] <= timeout).ToList();
            for (var position = 0; position < inTime.Count; position++)
            {
                var (number, at) = inTime[position];
                firstAt.TryAdd(number, position);
                (copies.TryGetValue(number, out var list) ? list : copies[number] = []).Add(at - _sent[number]);
            }

            return [.. _sent.Select(sent =>
            {
                if (!copies.TryGetValue(sent.Key, out var latencies))
                {
                    return new MessageOutcome(sent.Key, null, 0, null, false, false);
                }

                var position = firstAt[sent.Key];
                var overtaken = firstAt.Any(other => other.Key > sent.Key && other.Value < position);
                return new MessageOutcome(sent.Key, latencies[0], latencies.Count, latencies.Count > 1 ? latencies[1] : null, overtaken, latencies[0] > budget);
            })];
        }
    }
}
