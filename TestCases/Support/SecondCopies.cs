using ImServerTests.Client;

namespace ImServerTests.TestCases.Support;

/// <summary>
/// Frames a connection received more often than anyone sent them: a push sent twice. The server's own frames carry a
/// fresh msgId and timestamp, so two equal ones are one frame twice; a relayed message carries only its sender's
/// fields, so it may come as often as the conversation sent those fields, and no more.
/// </summary>
internal static class SecondCopies
{
    public static List<string> In(IReadOnlyCollection<ImServerApi> connections)
    {
        var sent = connections
            .SelectMany(api => api.Transcript.Entries.Where(e => e.Direction == FrameDirection.Sent))
            .GroupBy(e => FieldsOf(ImFrame.Parse(e.Text)), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        var copies = new List<string>();
        foreach (var api in connections)
        {
            foreach (var same in api.Transcript.Entries.Where(e => e.Direction == FrameDirection.Received).GroupBy(e => e.Text, StringComparer.Ordinal))
            {
                var frame = ImFrame.Parse(same.Key);
                var allowed = frame.IsChat ? Math.Max(1, sent.GetValueOrDefault(FieldsOf(frame))) : 1;
                var count = same.Count();
                if (count > allowed)
                {
                    copies.Add($"{api.UserId} <- {same.Key} arrived {count} times, sent {(frame.IsChat ? allowed : 1)}");
                }
            }
        }

        return copies;
    }

    // A frame by its decoded fields, whatever the order or escapes of its JSON text.
    private static string FieldsOf(ImFrame frame) =>
        string.Join("\u0001", frame.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}\u0002{f.Value}"));
}
