using System.Text;
using ImServerTests.Server.Conversation;
using ImServerTests.Server.Protocol;
using ImServerTests.Server.Sessions;

namespace ImServerTests.Server.Faults;

/// <summary>
/// One way the server can be made to misbehave (a defect) or to behave differently but legally (a variation):
/// its name, what it does in words, and what it does in code. Every hook defaults to the correct behaviour.
/// </summary>
public sealed record Fault(string Name, string Description)
{
    /// <summary>The correct server.</summary>
    public static Fault None { get; } = new("none", "the correct server") { IsDefect = false };

    /// <summary>False for a legal variation, which the suite must accept.</summary>
    public bool IsDefect { get; init; } = true;

    /// <summary>True for a defect in a frame's shape (a field missing, of the wrong type or format): the contract must catch it.</summary>
    public bool BreaksFrameShape { get; init; }

    /// <summary>True for a defect that only a request no regression case sends shows (another JSON kind, an unknown field, a long or unusual value).</summary>
    public bool ShownByOddInput { get; init; }

    public Quirks Quirks { get; init; }

    /// <summary>Changes a frame before it is sent; null suppresses it.</summary>
    public Func<ServerFrame, ServerFrame?> Bend { get; init; } = static frame => frame;

    /// <summary>Changes a frame's JSON text after it is serialised.</summary>
    public Func<ServerFrame, string, string>? Garble { get; init; }

    /// <summary>The bot teacher's think time; null means it never replies.</summary>
    public Func<ThinkTime, TimeSpan?> ThinkTime { get; init; } = static configured => configured.Next();

    /// <summary>
    /// How long a frame waits on the server before it is queued for its connection; zero sends it at once. A delayed
    /// frame is sent on a timer, so the handler goes on with the next request meanwhile and later frames may overtake it.
    /// </summary>
    public Func<ServerFrame, TimeSpan> Delay { get; init; } = static _ => TimeSpan.Zero;

    /// <summary>How many times a frame's bytes are sent, one right after the other; the correct server sends each once.</summary>
    public Func<ServerFrame, int> Copies { get; init; } = static _ => 1;

    /// <summary>What a request's text does to the server before it is handled; the correct server handles every request.</summary>
    public Func<string, InputCrash> Crash { get; init; } = static _ => InputCrash.None;

    /// <summary>How a customer's teacher id is made; the correct server's is a fresh random UUID's 32 hex digits and __mtx.</summary>
    public Func<string> NewTeacherId { get; init; } = SessionRegistry.NewTeacherId;

    /// <summary>A text message of more UTF-8 bytes than this is closed with 1009, whatever its characters; null: only the character limit counts.</summary>
    public int? MaxMessageBytes { get; init; }

    /// <summary>A connection that sends nothing for this long is dropped; null: a quiet connection stays open, as on the real server.</summary>
    public TimeSpan? IdleTimeout { get; init; }

    public bool Has(Quirks quirk) => (Quirks & quirk) == quirk;

    /// <summary>The frame's bytes on the wire, with <see cref="Bend"/> and <see cref="Garble"/> applied; null: not sent.</summary>
    public byte[]? Encode(ServerFrame frame)
    {
        if (Bend(frame) is not { } bent)
        {
            return null;
        }

        var utf8 = FrameWriter.ToUtf8(bent);
        return Garble is null ? utf8 : Encoding.UTF8.GetBytes(Garble(bent, Encoding.UTF8.GetString(utf8)));
    }

    public override string ToString() => Name;
}
