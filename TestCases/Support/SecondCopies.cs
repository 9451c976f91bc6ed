using ImServerTests.Client;

namespace ImServerTests.TestCases.Support;

/// <summary>
/// Frames a connection received more often than anyone sent them: a push sent twice. The server's own frames carry a
/// fresh msgId and timestamp, so two equal ones are one frame twice; a relayed message carries its sender's fields,
/// so it may come as often as the conversation sent that message (type, from, to and msg: a server may rightly drop
/// other fields), no more.
/// </summary>
internal static class SecondCopies
{
    /// <summary>
    /// The copies that arrived after <paramref name="checkedUpTo"/>'s count of each connection's received frames (a
    /// copy is reported by the case in which it arrived, not again by every later case of a chained fixture); the
    /// counts are moved on to now.
    /// </summary>
    public static List<string> In(IReadOnlyCollection<ImServerApi> connections, IDictionary<ImServerApi, int> checkedUpTo)
    {
        var sent = connections
            .SelectMany(api => api.Transcript.Entries.Where(e => e.Direction == FrameDirection.Sent))
            .GroupBy(e => MessageOf(ImFrame.Parse(e.Text)), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        var copies = new List<string>();
        foreach (var api in connections)
        {
            var received = api.Transcript.Entries.Where(e => e.Direction == FrameDirection.Received).ToList();
            var from = checkedUpTo.TryGetValue(api, out var done) ? done : 0;
            checkedUpTo[api] = received.Count;
            var groups = received.Select((entry, index) => (entry.Text, index)).GroupBy(e => e.Text, StringComparer.Ordinal);
            foreach (var same in groups.Where(g => g.Last().index >= from))
            {
                var frame = ImFrame.Parse(same.Key);
                var allowed = frame.IsChat ? Math.Max(1, sent.GetValueOrDefault(MessageOf(frame))) : 1;
                var count = same.Count();
                if (count > allowed)
                {
                    copies.Add($"{api.UserId} <- {same.Key} arrived {count} times, sent {allowed}");
                }
            }
        }

        return copies;
    }

    // A chat message by what every relay keeps of it, whatever the order or escapes of its JSON text.
    private static string MessageOf(ImFrame frame) =>
        string.Join("\u0001", frame.Type, frame.From, frame.To, frame.Msg);
}
