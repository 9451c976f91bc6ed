using ImServerTests.Api;
using ImServerTests.TestKit.Fuzzing.Frames;
using ImServerTests.TestKit.Fuzzing.Generation;

namespace ImServerTests.TestKit.Fuzzing.Model;

/// <summary>One way a server may read a frame: as a blank frame, as text it cannot use, or as a request with these fields.</summary>
public abstract record Reading;

public sealed record BlankReading : Reading
{
    public override string ToString() => "a blank frame";
}

public sealed record UnreadableReading : Reading
{
    public override string ToString() => "a frame it cannot read";
}

/// <summary>A request with the protocol's fields as the server reads them (a field not there is absent).</summary>
public sealed record RequestReading(IReadOnlyDictionary<string, FieldValue> Fields) : Reading
{
    public FieldValue? this[string name] => Fields.GetValueOrDefault(name);

    public override string ToString() => "{" + string.Join(", ", Fields.Select(f => $"{f.Key}: {(f.Value.Exact ? Show(f.Value.Value) : "(as the server forms it)")}")) + "}";

    private static string Show(string value) => value.Length > 40 ? $"\"{value[..40]}...\" ({value.Length} characters)" : $"\"{value}\"";
}

/// <summary>A field's text as read; not <see cref="Exact"/>: a value of another JSON kind, whose text servers form in their own way.</summary>
public sealed record FieldValue(string Value, bool Exact = true);

/// <summary>
/// Every way a server following the protocol may read a frame. The protocol fixes one reading for most frames; where it
/// is silent (a field of another JSON kind, a field it does not name, a key twice, a raw control character, a Unicode
/// space, deep nesting) a server may refuse the frame as unreadable or read it as the others do, so both are readings.
/// A lone surrogate anywhere makes anything but a dead server acceptable.
/// </summary>
public sealed record FrameReadings(IReadOnlyList<Reading> Readings, bool AnythingGoes)
{
    private static readonly string[] Checked = ["type", "from", "to", "msg"];

    public static FrameReadings Of(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Members is not { } members)
        {
            return Blankness.Of(frame.RawText!) switch
            {
                Blank.Yes => new([new BlankReading()], false),
                Blank.ToSomeServers => new([new BlankReading(), new UnreadableReading()], false),
                _ => new([new UnreadableReading()], false),
            };
        }

        var mayRefuse = false;
        var last = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        var first = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            if (!Protocol.FrameFields.Contains(member.Name))
            {
                mayRefuse = true;
                continue;
            }

            mayRefuse |= last.ContainsKey(member.Name) || member.Value is not TextPiece || member.Value is TextPiece { Escaping: Escaping.RawControls };
            if (Read(member.Value) is { } value)
            {
                last[member.Name] = value;
                first.TryAdd(member.Name, value);
            }
            else
            {
                last.Remove(member.Name);
            }
        }

        var readings = new List<Reading> { new RequestReading(last) };
        if (!first.OrderBy(f => f.Key, StringComparer.Ordinal).SequenceEqual(last.OrderBy(f => f.Key, StringComparer.Ordinal)))
        {
            readings.Add(new RequestReading(first));
        }

        // A Unicode space is blank to some servers and not to others: both readings.
        if (Checked.FirstOrDefault(name => last.TryGetValue(name, out var v) && v.Exact && Blankness.Of(v.Value) == Blank.ToSomeServers) is { } unclear)
        {
            readings.Add(new RequestReading(new Dictionary<string, FieldValue>(last, StringComparer.Ordinal) { [unclear] = new FieldValue("") }));
        }

        if (mayRefuse)
        {
            readings.Add(new UnreadableReading());
        }

        return new FrameReadings(readings, members.Any(m => HasLoneSurrogate(m.Value)));
    }

    private static FieldValue? Read(JsonPiece piece) => piece switch
    {
        TextPiece text => new FieldValue(text.Value),
        NullPiece => null,
        _ => new FieldValue(FrameText.Write(piece), Exact: false),
    };

    private static bool HasLoneSurrogate(JsonPiece piece) => piece switch
    {
        TextPiece text => text.Value.Where((c, i) => char.IsSurrogate(c) && !char.IsSurrogatePair(text.Value, char.IsHighSurrogate(c) ? i : Math.Max(0, i - 1))).Any(),
        ArrayPiece array => array.Items.Any(HasLoneSurrogate),
        ObjectPiece obj => obj.Members.Any(m => HasLoneSurrogate(m.Value)),
        _ => false,
    };
}
