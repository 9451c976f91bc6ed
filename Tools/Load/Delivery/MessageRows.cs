using System.Globalization;
using ImServerTests.Load.Stats;

namespace ImServerTests.Load.Delivery;

/// <summary>
/// The rows the delivery user's messages are counted under (method MSG), one per outcome: <c>delivered</c> (once, in
/// order, within the relay budget), and the failures <c>lost</c>, <c>duplicated</c>, <c>reordered</c> and <c>late</c>;
/// apart, <c>relay</c> times every message that arrived, from the sender's send to the recipient's receive. A message
/// that arrived is one <c>relay</c> request and either one <c>delivered</c> or one of each fault it shows (reordered and
/// late both, say); a lost message is one <c>lost</c> request. So the messages sent are <c>relay</c> + <c>lost</c>,
/// which a Locust master can add up from the rows alone.
/// </summary>
public static class MessageRows
{
    public const string Method = "MSG";

    public const string Delivered = "delivered";
    public const string Lost = "lost";
    public const string Duplicated = "duplicated";
    public const string Reordered = "reordered";
    public const string Late = "late";
    public const string Relay = "relay";

    /// <summary>The outcomes a threshold can name as a share of the messages sent.</summary>
    public static IReadOnlyList<string> Faults { get; } = [Lost, Duplicated, Reordered, Late];

    /// <summary>
    /// Counts one message's outcome, judged by <paramref name="ledger"/>'s budget and timeout; <paramref name="direction"/>
    /// ("customer -> seat") starts each failure's reason. A lost message is timed as long as it was awaited.
    /// </summary>
    public static void Record(RequestStats stats, MessageOutcome outcome, MessageLedger ledger, string direction)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(ledger);
        if (outcome.Latency is not { } latency)
        {
            stats.Record(Lost, ledger.Timeout.TotalMilliseconds,
                $"{direction}: not received within {ledger.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s of its send", method: Method);
            return;
        }

        var milliseconds = latency.TotalMilliseconds;
        stats.Record(Relay, milliseconds, method: Method);
        if (outcome.DeliveredOnceInOrder)
        {
            stats.Record(Delivered, milliseconds, method: Method);
            return;
        }

        if (outcome.Duplicated)
        {
            stats.Record(Duplicated, outcome.CopyLatency?.TotalMilliseconds ?? milliseconds, $"{direction}: a second copy arrived", method: Method);
        }

        if (outcome.Reordered)
        {
            stats.Record(Reordered, milliseconds, $"{direction}: arrived after a later-numbered message", method: Method);
        }

        if (outcome.Late)
        {
            stats.Record(Late, milliseconds, $"{direction}: took longer than the relay budget of {ledger.Budget.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms", method: Method);
        }
    }
}
