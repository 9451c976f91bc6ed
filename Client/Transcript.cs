using System.Globalization;
using System.Text;
using ImServerTests.Shared;

namespace ImServerTests.Client;

public enum FrameDirection
{
    Sent,
    Received,
    Closed,
}

/// <summary>One line of a transcript: what went which way, when.</summary>
public sealed record TranscriptEntry(FrameDirection Direction, DateTimeOffset Time, string Text)
{
    public override string ToString()
    {
        var arrow = Direction switch
        {
            FrameDirection.Sent => "->",
            FrameDirection.Received => "<-",
            _ => "xx",
        };
        return $"{Time.ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {arrow} {Text}";
    }
}

/// <summary>Every frame of one connection, in order (secrets masked), safe to read while the connection is busy.</summary>
public sealed class Transcript
{
    private readonly Lock _gate = new();
    private readonly List<TranscriptEntry> _entries = [];

    public IReadOnlyList<TranscriptEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    public TranscriptEntry Add(FrameDirection direction, string text)
    {
        var entry = new TranscriptEntry(direction, DateTimeOffset.UtcNow, Secrets.Mask(text));
        lock (_gate)
        {
            _entries.Add(entry);
        }

        return entry;
    }

    /// <summary>One line per frame: "HH:mm:ss.fff -> {json}" for sent, "&lt;-" for received, "xx" for the close.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var entry in Entries)
        {
            text.AppendLine(entry.ToString());
        }

        return text.ToString();
    }
}
