using System.Globalization;
using ImServerTests.Load.Stats;

namespace ImServerTests.Load.Delivery;

/// <summary>
/// The delivery user's messages over a run, read back from its rows (<see cref="MessageRows"/>): sent (relay + lost),
/// delivered once in order, lost, duplicated, reordered and late. A message can be both reordered and late, so the
/// last three may overlap; delivered and lost never overlap with anything.
/// </summary>
public sealed record MessageCounts(long Sent, long DeliveredOnceInOrder, long Lost, long Duplicated, long Reordered, long Late)
{
    public static MessageCounts Of(StatsSnapshot totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        long Count(string name) => totals.Named(name, MessageRows.Method)?.NumRequests ?? 0;
        return new(Count(MessageRows.Relay) + Count(MessageRows.Lost), Count(MessageRows.Delivered), Count(MessageRows.Lost), Count(MessageRows.Duplicated),
            Count(MessageRows.Reordered), Count(MessageRows.Late));
    }

    /// <summary>How many messages had the outcome a threshold names (lost, duplicated, reordered or late).</summary>
    public long Of(string outcome) => outcome switch
    {
        MessageRows.Lost => Lost,
        MessageRows.Duplicated => Duplicated,
        MessageRows.Reordered => Reordered,
        MessageRows.Late => Late,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "not a message outcome"),
    };

    /// <summary>The summary's last line.</summary>
    public string Line => Sent == 0
        ? "messages: none sent (no delivery user ran, or none got as far as sending)"
        : $"messages: {N(Sent)} sent, {N(DeliveredOnceInOrder)} delivered once in order, {N(Lost)} lost, {N(Duplicated)} duplicated, {N(Reordered)} reordered, {N(Late)} late";

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
