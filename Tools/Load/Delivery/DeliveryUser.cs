using ImServerTests.Load.Stats;
using ImServerTests.Load.Users;
using ImServerTests.TestKit.Servers;

namespace ImServerTests.Load.Delivery;

/// <summary>
/// The built-in delivery user (<c>delivery</c> on the command line, the Locust user class <c>Delivery</c>): each session
/// a customer and the person in its teacher's seat send each other numbered messages (<see cref="DeliverySession"/>),
/// and every message is counted by its outcome (<see cref="MessageRows"/>). A refused send is a failure of the row
/// <c>delivery: receipt</c>, a chat message that is none of the session's one of <c>delivery: stray</c>. With
/// --stay-connected the customer and the seat stay connected between sessions, as a scenario's participants do.
/// </summary>
public sealed class DeliveryUser(int weight) : IVirtualUser
{
    public const string CommandLineName = "delivery";

    /// <summary>Each way, per session: enough that a reordering shows, few enough that a session stays short.</summary>
    public const int MessagesEachWay = 10;

    public string Name => CommandLineName;

    public int Weight => weight;

    public string UserClass => "Delivery";

    public string RequestName(string step) => $"{CommandLineName}: {step}";

    public async Task<bool> PlaySessionAsync(ServerUnderTest target, RequestStats stats, UserConnections connections, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(connections);
        await connections.BeginSessionAsync(stop);
        DeliveryOutcome outcome;
        try
        {
            outcome = await new DeliverySession(target, MessagesEachWay).RunAsync(connections, stop);
        }
        catch
        {
            await connections.EndSessionAsync(failed: true);
            throw;
        }

        if (stop.IsCancellationRequested)
        {
            await connections.EndSessionAsync(failed: false);
            return false;
        }

        var failed = false;
        foreach (var (ledger, direction) in new[] { (outcome.ToSeat, DeliverySession.CustomerToSeat), (outcome.ToCustomer, DeliverySession.SeatToCustomer) })
        {
            foreach (var message in ledger.Outcomes())
            {
                MessageRows.Record(stats, message, ledger, direction);
                failed |= !message.DeliveredOnceInOrder;
            }
        }

        foreach (var refusal in outcome.Refusals)
        {
            stats.Record(RequestName("receipt"), 0, FailureReason.Of([refusal]));
            failed = true;
        }

        foreach (var stray in outcome.Strays)
        {
            stats.Record(RequestName("stray"), 0, FailureReason.Of([stray]));
            failed = true;
        }

        stats.SessionEnded();
        await connections.EndSessionAsync(failed);
        return failed;
    }
}
