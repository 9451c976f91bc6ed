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

/// <summary>
/// The frames of one connection, in order (secrets masked), safe to read while the connection is busy: every frame,
/// or only the latest <c>capacity</c> ones (a connection kept open for a long load run would otherwise grow without end).
/// </summary>
public sealed class Transcript(int? capacity = null)
{
    private readonly Lock _gate = new();
    private readonly Queue<TranscriptEntry> _entries = [];
    private long _leftOut;

    /// <summary>How many frames it keeps, or null for every frame.</summary>
    public int? Capacity { get; } = capacity is < 0
        ? throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a transcript keeps 0 or more frames")
        : capacity;

    /// <summary>The frames kept, oldest first.</summary>
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

    /// <summary>How many earlier frames are no longer kept, beyond <see cref="Capacity"/>.</summary>
    public long LeftOut
    {
        get
        {
            lock (_gate)
            {
                return _leftOut;
            }
        }
    }

    public void Add(FrameDirection direction, string text)
    {
        if (Capacity == 0)
        {
            lock (_gate)
            {
                _leftOut++; // nothing to mask or keep
            }

            return;
        }

        var entry = new TranscriptEntry(direction, DateTimeOffset.UtcNow, Secrets.Mask(text));
        lock (_gate)
        {
            _entries.Enqueue(entry);
            if (_entries.Count > Capacity)
            {
                _entries.Dequeue();
                _leftOut++;
            }
        }
    }

    /// <summary>One line per frame: "HH:mm:ss.fff -> {json}" for sent, "&lt;-" for received, "xx" for the close.</summary>
    public override string ToString()
    {
        long leftOut;
        TranscriptEntry[] entries;
        lock (_gate)
        {
            (leftOut, entries) = (_leftOut, [.. _entries]); // one moment's count and frames
        }

        var text = new StringBuilder();
        if (leftOut > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"({leftOut} earlier frames not kept)");
        }

        foreach (var entry in entries)
        {
            text.AppendLine(entry.ToString());
        }

        return text.ToString();
    }
}
