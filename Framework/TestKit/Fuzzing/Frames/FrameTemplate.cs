using System.Text;

namespace ImServerTests.TestKit.Fuzzing.Frames;

/// <summary>
/// A frame as generated: a JSON object's members in order (ids still symbolic), or a text sent as it is (blank, not
/// JSON, JSON that is not an object). <see cref="Kind"/> says in words what it is, for reports.
/// </summary>
public sealed record FrameTemplate(string Kind, IReadOnlyList<Member>? Members, string? Text)
{
    public static FrameTemplate Object(string kind, IReadOnlyList<Member> members) => new(kind, members, null);

    public static FrameTemplate Raw(string kind, string text) => new(kind, null, text);

    /// <summary>The frame with its ids put in; text pieces are cut, longest first, until the whole text has at most <paramref name="maxChars"/> UTF-16 code units.</summary>
    public Frame Resolve(Func<IdRef, string> ids, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (Members is null)
        {
            return new Frame(Kind, null, Fit(Text ?? "", maxChars));
        }

        var members = Members.Select(m => m with { Value = Resolved(m.Value, ids) }).ToList();
        var frame = new Frame(Kind, members, null);
        while (frame.Text.Length > maxChars)
        {
            // An id is who is addressed, never cut.
            frame = frame with { Members = Shortened(frame.Members!, frame.Text.Length - maxChars, i => Members[i].Value is IdPiece) };
        }

        return frame;
    }

    /// <summary>
    /// <paramref name="resolved"/> (this template resolved and cut to fit) with each id written as <paramref name="names"/>
    /// says, unescaped: a scenario's ${variables} must stand in its text as they are.
    /// </summary>
    public Frame Named(Frame resolved, Func<IdRef, string> names)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        ArgumentNullException.ThrowIfNull(names);
        if (Members is null || resolved.Members is null)
        {
            return resolved;
        }

        return resolved with { Members = [.. Members.Zip(resolved.Members, (template, sent) => template.Value is IdPiece id ? sent with { Value = new TextPiece(names(id.Ref)) } : sent)] };
    }

    public override string ToString() => Kind;

    private static JsonPiece Resolved(JsonPiece piece, Func<IdRef, string> ids) => piece switch
    {
        IdPiece id => new TextPiece(ids(id.Ref), id.Escaping),
        ArrayPiece array => new ArrayPiece([.. array.Items.Select(i => Resolved(i, ids))]),
        ObjectPiece obj => new ObjectPiece([.. obj.Members.Select(m => m with { Value = Resolved(m.Value, ids) })]),
        _ => piece,
    };

    // The longest text (or the deepest nesting) loses what is over the limit, in the share its escapes take on the
    // wire; a text that was not blank stays so; an id, never cut, is who is addressed.
    private static List<Member> Shortened(IReadOnlyList<Member> members, int over, Func<int, bool> isId)
    {
        var candidates = members.Select((m, i) => (m, i)).Where(x => x.m.Value is TextPiece or NestedPiece && !isId(x.i)).ToList();
        var (member, at) = candidates.Count == 0 ? (null, -1) : candidates.MaxBy(x => Weight(x.m.Value));
        if (member is null || Weight(member.Value) == 0)
        {
            throw new InvalidOperationException($"a generated frame is {over} characters over the limit and has no text left to cut");
        }

        var list = members.ToList();
        list[at] = member with
        {
            Value = member.Value switch
            {
                TextPiece text => text with { Value = Shorter(text, over) },
                NestedPiece nested => nested with { Depth = Math.Max(0, nested.Depth - ((over / 2) + 1)) },
                var other => other,
            },
        };
        return list;
    }

    private static string Shorter(TextPiece text, int over)
    {
        var wire = FrameText.Quote(text.Value, text.Escaping).Length - 2;
        var cut = (int)Math.Ceiling((double)over * text.Value.Length / Math.Max(1, wire));
        var shorter = Cut(text.Value, Math.Max(0, text.Value.Length - Math.Max(1, cut)));
        var firstSolid = text.Value.FirstOrDefault(c => !char.IsWhiteSpace(c) && c > ' ' && !char.IsSurrogate(c));
        return firstSolid != default && shorter.All(c => char.IsWhiteSpace(c) || c <= ' ' || char.IsSurrogate(c))
            ? (shorter.Length > 0 ? Cut(shorter, shorter.Length - 1) : "") + firstSolid
            : shorter;
    }

    private static int Weight(JsonPiece piece) => piece switch
    {
        TextPiece text => text.Value.Length,
        NestedPiece nested => nested.Depth * 2,
        _ => 0,
    };

    private static string Fit(string text, int maxChars) => text.Length <= maxChars ? text : Cut(text, maxChars);

    // Never between the two halves of a surrogate pair: a cut must not make a lone surrogate nobody asked for.
    internal static string Cut(string text, int length) =>
        length > 0 && length < text.Length && char.IsHighSurrogate(text[length - 1]) && char.IsLowSurrogate(text[length]) ? text[..(length - 1)] : text[..length];
}

/// <summary>A frame ready to send: its members with every id put in, or its raw text; <see cref="Text"/> is what goes on the wire.</summary>
public sealed record Frame(string Kind, IReadOnlyList<Member>? Members, string? RawText)
{
    public string Text => RawText ?? FrameText.Write(Members!);

    public override string ToString() => Text;
}

/// <summary>Writes generated JSON exactly as its pieces say: member order, duplicates, escapes and raw control characters kept.</summary>
public static class FrameText
{
    public static string Write(IReadOnlyList<Member> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var json = new StringBuilder();
        WriteObject(json, members);
        return json.ToString();
    }

    public static string Write(JsonPiece piece)
    {
        var json = new StringBuilder();
        WritePiece(json, piece);
        return json.ToString();
    }

    /// <summary>A JSON string literal of <paramref name="value"/>, escaped as <paramref name="escaping"/> says; a lone surrogate is always escaped, as raw it has no UTF-8.</summary>
    public static string Quote(string value, Escaping escaping)
    {
        var json = new StringBuilder(value.Length + 2);
        WriteString(json, value, escaping);
        return json.ToString();
    }

    private static void WriteObject(StringBuilder json, IReadOnlyList<Member> members)
    {
        json.Append('{');
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                json.Append(',');
            }

            WriteString(json, members[i].Name, Escaping.Minimal);
            json.Append(':');
            WritePiece(json, members[i].Value);
        }

        json.Append('}');
    }

    private static void WritePiece(StringBuilder json, JsonPiece piece)
    {
        switch (piece)
        {
            case TextPiece text:
                WriteString(json, text.Value, text.Escaping);
                break;
            case NumberPiece number:
                json.Append(number.Literal);
                break;
            case BoolPiece flag:
                json.Append(flag.Value ? "true" : "false");
                break;
            case NullPiece:
                json.Append("null");
                break;
            case ArrayPiece array:
                json.Append('[');
                for (var i = 0; i < array.Items.Count; i++)
                {
                    json.Append(i > 0 ? "," : "");
                    WritePiece(json, array.Items[i]);
                }

                json.Append(']');
                break;
            case ObjectPiece obj:
                WriteObject(json, obj.Members);
                break;
            case NestedPiece nested:
                json.Insert(json.Length, nested.Objects ? "{\"a\":" : "[", nested.Depth).Append(nested.Objects ? "{}" : "").Append(nested.Objects ? '}' : ']', nested.Depth);
                break;
            case IdPiece id:
                throw new InvalidOperationException($"the id {id.Ref} is not resolved: resolve the frame before writing it");
            default:
                throw new InvalidOperationException($"a piece of kind {piece.GetType().Name} cannot be written");
        }
    }

    private static void WriteString(StringBuilder json, string value, Escaping escaping)
    {
        json.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var paired = char.IsHighSurrogate(c) ? i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])
                : char.IsLowSurrogate(c) ? i > 0 && char.IsHighSurrogate(value[i - 1])
                : true;
            if (c == '"' || c == '\\')
            {
                json.Append('\\').Append(c);
            }
            else if (!paired || escaping == Escaping.Every || (escaping == Escaping.NonAscii && c > '~'))
            {
                Unicode(json, c);
            }
            else if (c < ' ')
            {
                if (escaping == Escaping.RawControls)
                {
                    json.Append(c);
                }
                else
                {
                    Control(json, c);
                }
            }
            else
            {
                json.Append(c);
            }
        }

        json.Append('"');
    }

    private static void Control(StringBuilder json, char c)
    {
        switch (c)
        {
            case '\n': json.Append("\\n"); break;
            case '\r': json.Append("\\r"); break;
            case '\t': json.Append("\\t"); break;
            case '\b': json.Append("\\b"); break;
            case '\f': json.Append("\\f"); break;
            default: Unicode(json, c); break;
        }
    }

    private static void Unicode(StringBuilder json, char c) => json.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
}
