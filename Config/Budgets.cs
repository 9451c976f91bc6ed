namespace ImServerTests.Config;

/// <summary>
/// How soon each kind of answer must arrive, measured from the send that caused it. A budget is not a timeout: a
/// frame later than its budget is still awaited until the receive timeout, and then reported as late, not missing.
/// </summary>
public sealed record Budgets(TimeSpan MatchReply, TimeSpan Receipt, TimeSpan Relay, TimeSpan TeacherReply)
{
    /// <summary>
    /// Sized for the real server over a network with up to 500 ms round trip: its own answers are sent at once by
    /// the request's handler, while its teacher thinks 1 to 3 s before replying.
    /// </summary>
    public static Budgets Default { get; } = new(
        TimeSpan.FromMilliseconds(1500), TimeSpan.FromMilliseconds(1500), TimeSpan.FromMilliseconds(1500), TimeSpan.FromMilliseconds(4500));

    /// <summary>The budgets and their keys in websocket.yml, in the file's order.</summary>
    public IReadOnlyList<(string Key, TimeSpan Limit)> Keyed =>
        [("matchReplyMs", MatchReply), ("receiptMs", Receipt), ("relayMs", Relay), ("teacherReplyMs", TeacherReply)];

    public override string ToString() =>
        $"match reply {MatchReply.TotalMilliseconds:0} ms, receipt {Receipt.TotalMilliseconds:0} ms, relay {Relay.TotalMilliseconds:0} ms, teacher's reply {TeacherReply.TotalMilliseconds:0} ms";
}
