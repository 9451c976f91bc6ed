using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using ImServerTests.Server.Conversation;
using ImServerTests.Server.Protocol;
using ImServerTests.Server.Sessions;

namespace ImServerTests.Server.Faults;

/// <summary>
/// The named faults the embedded server can inject, so the suite can prove it catches them. They are realistic
/// defects of a server following the protocol, not tailored to any test. Adding one is one declaration here.
/// </summary>
public static class FaultCatalogue
{
    public static readonly Fault MatchRefused = new("match-refused", "the match is answered with code \"1\" although a teacher is assigned")
    {
        Bend = f => f.Kind == FrameKind.MatchReply ? f with { Code = ServerFrame.Failure } : f,
    };

    public static readonly Fault MatchNoTeacher = new("match-no-teacher", "the match reply's msg is empty instead of the teacher id")
    {
        Bend = f => f.Kind == FrameKind.MatchReply ? f with { Msg = "" } : f,
    };

    public static readonly Fault MatchWrongTeacher = new("match-wrong-teacher", "the match reply names a teacher other than the one paired with the customer")
    {
        Bend = f => f.Kind == FrameKind.MatchReply ? f with { Msg = SessionRegistry.NewTeacherId() } : f,
    };

    public static readonly Fault MatchWrongType = new("match-wrong-type", "the match reply has type \"receipt\"")
    {
        Bend = f => f.Kind == FrameKind.MatchReply ? f with { Type = MessageTypes.Receipt } : f,
    };

    public static readonly Fault MatchByFrom = new("match-by-from", "match answers for the user named in from, not for the connection's own user")
    {
        Quirks = Quirks.MatchesByFrom,
    };

    public static readonly Fault SuccessCodeMissing = new("success-code-missing", "success frames of the server leave out the code field")
    {
        BreaksFrameShape = true,
        Bend = f => f.Code == ServerFrame.Success && f.Kind != FrameKind.Relay ? f with { Code = null } : f,
    };

    public static readonly Fault ErrorCodeZero = new("error-code-zero", "error replies say code \"0\"")
    {
        Bend = f => f.Kind == FrameKind.Refusal ? f with { Code = ServerFrame.Success } : f,
    };

    public static readonly Fault BlankFrameType = WrongType(ErrorRow.BlankFrame, MessageTypes.Receipt, "a blank frame");

    public static readonly Fault UnreadableType = WrongType(ErrorRow.Unreadable, MessageTypes.Normal, "a frame that is not a JSON object");

    public static readonly Fault MissingFieldType = WrongType(ErrorRow.MissingField, MessageTypes.Receipt, "a request without type, from or to");

    public static readonly Fault EmptyMessageType = WrongType(ErrorRow.EmptyMessage, MessageTypes.Normal, "an empty message");

    public static readonly Fault NoPartnerType = WrongType(ErrorRow.NoPartner, MessageTypes.Normal, "a message from a user without a teacher");

    public static readonly Fault NotPairedType = WrongType(ErrorRow.NotPaired, MessageTypes.Normal, "a message to another teacher");

    public static readonly Fault MatchWithoutPartnerType = WrongType(ErrorRow.MatchWithoutPartner, MessageTypes.Receipt, "a match by a user without a teacher");

    public static readonly Fault ReceiptMissing = new("receipt-missing", "a normal message gets no receipt")
    {
        Bend = f => f.Kind == FrameKind.Receipt ? null : f,
    };

    public static readonly Fault ReceiptFailed = new("receipt-failed", "the receipt of a delivered message says code \"1\"")
    {
        Bend = f => f.Kind == FrameKind.Receipt ? f with { Code = ServerFrame.Failure } : f,
    };

    public static readonly Fault ReceiptWrongText = new("receipt-wrong-text", "the receipt says \"push ok\" instead of \"push success\"")
    {
        Bend = f => f.Kind == FrameKind.Receipt ? f with { Msg = "push ok" } : f,
    };

    public static readonly Fault TeacherSilent = new("teacher-silent", "the teacher never replies") { ThinkTime = _ => null };

    public static readonly Fault TeacherLate = new("teacher-late", "the teacher replies after 60 s") { ThinkTime = _ => TimeSpan.FromSeconds(60) };

    public static readonly Fault TeacherWrongText = new("teacher-wrong-text", "the teacher's greeting has other words")
    {
        Bend = f => f.Kind == FrameKind.BotReply && f.Msg == TeacherScript.Greeting ? f with { Msg = "你好,有什么可以帮你?" } : f,
    };

    public static readonly Fault TeacherImpostor = new("teacher-impostor", "the teacher's reply comes from another teacher id")
    {
        Bend = f => f.Kind == FrameKind.BotReply ? f with { From = SessionRegistry.NewTeacherId() } : f,
    };

    public static readonly Fault SeatNotTaken = new("seat-not-taken", "a connection in the teacher's seat hears nothing and the bot keeps answering")
    {
        Quirks = Quirks.SeatNeverTaken,
    };

    public static readonly Fault RelayStamped = new("relay-stamped", "a relayed chat message gets the server's code, msgId and timestamp instead of its sender's fields")
    {
        Bend = f => f.Kind == FrameKind.Relay
            ? f with
            {
                Code = ServerFrame.Success,
                MsgId = Guid.NewGuid().ToString("D"),
                Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            }
            : f,
    };

    public static readonly Fault RelayLosesText = new("relay-loses-text", "a relayed chat message arrives with an empty msg")
    {
        Bend = f => f.Kind == FrameKind.Relay ? f with { Msg = "" } : f,
    };

    public static readonly Fault RelayCut = new("relay-cut", $"a relayed chat message longer than {CutLength} characters arrives cut after the {CutLength}th")
    {
        Bend = f => f.Kind == FrameKind.Relay && f.Msg is { Length: > CutLength } msg ? f with { Msg = Cut(msg) } : f,
    };

    public static readonly Fault RelayNonBmpReplaced = new("relay-non-bmp-replaced",
        "every character of a relayed chat message outside the Basic Multilingual Plane (an emoji) arrives as '?', as through a utf8mb3 column or codec")
    {
        Bend = f => f.Kind == FrameKind.Relay && f.Msg is { } msg ? f with { Msg = ReplaceNonBmp(msg) } : f,
    };

    public static readonly Fault ReceiptLate = new("receipt-late", $"the receipt comes {LateSeconds} s late, every field right")
    {
        Delay = f => f.Kind == FrameKind.Receipt ? TimeSpan.FromSeconds(LateSeconds) : TimeSpan.Zero,
    };

    public static readonly Fault RelayLate = new("relay-late", $"a relayed chat message is pushed {LateSeconds} s late")
    {
        Delay = f => f.Kind == FrameKind.Relay ? TimeSpan.FromSeconds(LateSeconds) : TimeSpan.Zero,
    };

    public static readonly Fault RelayLost = new("relay-lost", "now and then a relayed chat message is lost: about 3 in 10, at random, are never pushed")
    {
        Bend = f => f.Kind == FrameKind.Relay && Random.Shared.NextDouble() < 0.3 ? null : f,
    };

    public static readonly Fault RelayReordered = new("relay-reordered",
        "each relayed chat message waits its own 0-150 ms, so messages sent back to back overtake one another")
    {
        Delay = f => f.Kind == FrameKind.Relay ? TimeSpan.FromMilliseconds(Random.Shared.Next(0, 151)) : TimeSpan.Zero,
    };

    public static readonly Fault PushTwice = new("push-twice", "every push (a relayed chat message, the teacher's reply) is sent twice")
    {
        Copies = f => f.Kind is FrameKind.Relay or FrameKind.BotReply ? 2 : 1,
    };

    public static readonly Fault EmptyAccepted = new("empty-accepted", "an empty message is accepted and pushed") { Quirks = Quirks.AcceptsEmptyMessage };

    public static readonly Fault EmptyWrongText = new("empty-wrong-text", "the empty-message refusal has another text")
    {
        Bend = f => f.Row == ErrorRow.EmptyMessage ? f with { Msg = "消息不能为空" } : f,
    };

    public static readonly Fault WrongTeacherAccepted = new("wrong-teacher-accepted", "a message to a teacher that is not the customer's is accepted")
    {
        Quirks = Quirks.AcceptsWrongTeacher,
    };

    public static readonly Fault BadJsonIgnored = new("bad-json-ignored", "a frame that is not a JSON object gets no reply") { Quirks = Quirks.IgnoresUnreadableFrames };

    public static readonly Fault MissingFieldIgnored = new("missing-field-ignored", "a request without type, from or to gets no reply") { Quirks = Quirks.IgnoresMissingFields };

    public static readonly Fault UnknownTypeAnswered = new("unknown-type-answered", "an unknown type is answered instead of ignored") { Quirks = Quirks.AnswersUnknownType };

    public static readonly Fault ErrorClosesConnection = new("error-closes-connection", "the connection is closed after an error reply") { Quirks = Quirks.ClosesAfterError };

    public static readonly Fault CodeAsNumber = new("code-as-number", "code is sent as a JSON number")
    {
        BreaksFrameShape = true,
        Garble = (f, json) => f.Code is null ? json : json.Replace($"\"code\":\"{f.Code}\"", $"\"code\":{f.Code}", StringComparison.Ordinal),
    };

    public static readonly Fault MsgIdMissing = new("msgid-missing", "the server's own frames leave out msgId")
    {
        BreaksFrameShape = true,
        Bend = f => f.Kind == FrameKind.Relay ? f : f with { MsgId = null },
    };

    public static readonly Fault MsgIdNotUuid = NewMsgIdNotUuid();

    public static readonly Fault TimestampSeconds = new("timestamp-seconds", "timestamp is in seconds, not milliseconds")
    {
        BreaksFrameShape = true,
        Bend = f => f.Kind == FrameKind.Relay ? f : f with { Timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
    };

    public static readonly Fault TimestampNotEpoch = new("timestamp-not-epoch", "timestamp is an ISO date text, not epoch milliseconds")
    {
        BreaksFrameShape = true,
        Bend = f => f.Kind == FrameKind.Relay ? f : f with { Timestamp = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) },
    };

    public static readonly Fault FromNotSystem = new("from-not-system", "the server's own frames say from \"server\"")
    {
        BreaksFrameShape = true,
        Bend = f => f.From == ServerFrame.System ? f with { From = "server" } : f,
    };

    public static readonly Fault ToSomeoneElse = new("to-someone-else", "frames name another user in to") { Bend = f => f with { To = "someone-else" } };

    public static readonly Fault DropMidConversation = new("drop-mid-conversation", "the connection is dropped when a normal message arrives") { Quirks = Quirks.DropsOnNormal };

    public static readonly Fault NonJsonFrame = new("non-json-frame", "receipts are sent as plain text, not JSON")
    {
        BreaksFrameShape = true,
        Garble = (f, json) => f.Kind == FrameKind.Receipt ? f.Msg ?? "" : json,
    };

    public static readonly Fault Silent = new("silent", "the server accepts connections and never answers") { Quirks = Quirks.NeverAnswers };

    public static readonly Fault CloseOnConnect = new("close-on-connect", "the server closes every connection right after the handshake") { Quirks = Quirks.ClosesOnConnect };

    public static readonly Fault ReplyBeforeReceipt = new("reply-before-receipt", "legal: the teacher's reply overtakes the receipt")
    {
        IsDefect = false,
        Quirks = Quirks.ReplyBeforeReceipt,
    };

    public static readonly Fault RealThinkTime = new("real-think-time", "legal: the teacher thinks 1-3 s, like the public pinter server")
    {
        IsDefect = false,
        ThinkTime = _ => ThinkTime.RealServer.Next(),
    };

    // Defects that only a request no regression case sends shows: a frame of another shape, length or alphabet. Each is
    // ShownByOddInput, so the fault proof runs the Fuzz category against it.

    public static readonly Fault OddKindEndsConnection = new("odd-kind-ends-connection",
        "a known field of another JSON kind (a number, true, an array, an object) makes the handler read it as a string and throw: the connection ends with 1011")
    {
        ShownByOddInput = true,
        Crash = text => OddInput.HasKnownFieldOfAnotherKind(text) ? InputCrash.EndsConnection : InputCrash.None,
    };

    public static readonly Fault UnknownFieldEndsConnection = new("unknown-field-ends-connection",
        "a field the protocol does not name (one a newer client sends) makes the strict request mapper throw: the connection ends with 1011 instead of the request being handled")
    {
        ShownByOddInput = true,
        Crash = text => OddInput.HasUnknownField(text) ? InputCrash.EndsConnection : InputCrash.None,
    };

    public static readonly Fault LongTextEndsConnection = new("long-text-ends-connection",
        $"a text message over {OddInput.FixedBufferChars} characters (the limit is 8,192) overflows a fixed buffer of the request log: the connection ends with 1011")
    {
        ShownByOddInput = true,
        Crash = text => text.Length > OddInput.FixedBufferChars ? InputCrash.EndsConnection : InputCrash.None,
    };

    public static readonly Fault LongMsgIdStopsServer = new("long-msgid-stops-server",
        $"a normal message whose msgId is over {OddInput.MsgIdColumnChars} characters fails the message log's fixed-width id column, and that failure stops the whole server")
    {
        ShownByOddInput = true,
        Crash = text => OddInput.HasLongMsgId(text) ? InputCrash.StopsServer : InputCrash.None,
    };

    public static readonly Fault PercentInToEndsConnection = new("percent-in-to-ends-connection",
        "to is URL-decoded before the lookup, and a '%' not followed by two hex digits throws (as java.net.URLDecoder does): the connection ends with 1011")
    {
        ShownByOddInput = true,
        Crash = text => OddInput.HasBrokenPercentInTo(text) ? InputCrash.EndsConnection : InputCrash.None,
    };

    public static readonly Fault NulCutsRelay = new("nul-cuts-relay",
        "a relayed chat message is cut at its first NUL character (\\u0000), as through a C string")
    {
        ShownByOddInput = true,
        Bend = f => f.Kind == FrameKind.Relay && f.Msg is { } msg && msg.IndexOf('\0', StringComparison.Ordinal) is >= 0 and var at ? f with { Msg = msg[..at] } : f,
    };


    public static readonly Fault PongMissing = new("pong-missing", "a ping is never answered: the pings are taken out of what the client sends, as by a gateway that swallows them")
    {
        Quirks = Quirks.SwallowsPings,
    };

    public static readonly Fault CloseDropsConnection = new("close-drops-connection", "a client's close is not answered with a close frame: the server ends the TCP connection at once")
    {
        Quirks = Quirks.DropsOnClientClose,
    };

    public static readonly Fault MessageLimit5KiB = new("message-limit-5kib", "a text message over 5 KiB of UTF-8 is closed with 1009, far under the real server's 8,192 characters")
    {
        MaxMessageBytes = 5 * 1024,
    };

    public static readonly Fault TeacherIdFromClock = new("teacher-id-from-clock",
        "a teacher id is made from the clock's millisecond (its MD5), so customers who connect in the same millisecond share a teacher")
    {
        NewTeacherId = () => Convert.ToHexStringLower(MD5.HashData(BitConverter.GetBytes(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()))) + MessageTypes.TeacherSuffix,
    };

    public static readonly Fault ConversationsCross = new("conversations-cross",
        "a relayed message waits in one slot shared by every connection while its receipt is written, so under load a conversation's message goes to another and its own is lost")
    {
        Quirks = Quirks.RelaysThroughASharedSlot,
    };

    public static readonly Fault IdNotDecoded = new("id-not-decoded", "the user id is taken from the URL as sent, still percent-encoded, so a non-ASCII id is known by its escapes")
    {
        Quirks = Quirks.TakesUserIdUndecoded,
    };

    public static readonly Fault TimestampLocalTime = new("timestamp-local-time", "timestamp is the server's local time in UTC+8 counted as if it were UTC: 8 h ahead")
    {
        Bend = f => f.Kind == FrameKind.Relay ? f : f with { Timestamp = DateTimeOffset.UtcNow.AddHours(8).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) },
    };

    public static readonly Fault TimestampWhenConnected = new("timestamp-when-connected", "the server's own frames carry the time their connection opened, a timestamp computed once per connection")
    {
        Quirks = Quirks.StampsWhenConnected,
    };

    public static readonly Fault IdleDropped = new("idle-dropped", "a connection that sends nothing for 5 s is dropped without a close, as by a read timeout")
    {
        IdleTimeout = TimeSpan.FromSeconds(5),
    };

    public static readonly Fault FragmentsAsMessages = new("fragments-as-messages",
        "every read of the socket is taken as a whole message, so a message sent in fragments, or longer than one read of 1 KiB, is split")
    {
        Quirks = Quirks.TakesEachReadAsAMessage,
    };

    public static readonly Fault BinaryFrames = new("binary-frames", "the server sends its frames as binary frames, not text") { Quirks = Quirks.SendsBinaryFrames };

    private const int CutLength = 64;

    private const int LateSeconds = 3;

    /// <summary>Every fault above, in declaration order: the public static fields of this class.</summary>
    public static IReadOnlyList<Fault> All { get; } = typeof(FaultCatalogue)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.FieldType == typeof(Fault))
        .Select(field => (Fault)field.GetValue(null)!)
        .ToList();

    public static Fault? Find(string name) => All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    /// <summary>The fault of that name, or an error listing the known names.</summary>
    public static Fault Named(string name) =>
        Find(name) ?? throw new ArgumentException($"unknown fault '{name}'; known: {string.Join(", ", All.Select(f => f.Name))}", nameof(name));

    // One error row answered with a type the real server does not use for it.
    private static Fault WrongType(ErrorRow row, string type, string what) =>
        new($"{Kebab(row)}-type", $"{what} is refused with type \"{type}\", not the type the error table gives")
        {
            Bend = f => f.Row == row ? f with { Type = type } : f,
        };

    private static Fault NewMsgIdNotUuid()
    {
        long counter = 0;
        return new("msgid-not-uuid", "msgId is a counter, not a UUID")
        {
            BreaksFrameShape = true,
            Bend = f => f.Kind == FrameKind.Relay ? f : f with { MsgId = Interlocked.Increment(ref counter).ToString(CultureInfo.InvariantCulture) },
        };
    }

    // Cut after CutLength UTF-16 characters, or one before if that would split a surrogate pair: the JSON stays valid.
    private static string Cut(string msg) => msg[..(char.IsHighSurrogate(msg[CutLength - 1]) ? CutLength - 1 : CutLength)];

    private static string ReplaceNonBmp(string msg)
    {
        var text = new StringBuilder(msg.Length);
        for (var i = 0; i < msg.Length; i++)
        {
            if (char.IsSurrogatePair(msg, i))
            {
                text.Append('?');
                i++;
            }
            else
            {
                text.Append(msg[i]);
            }
        }

        return text.ToString();
    }

    private static string Kebab(ErrorRow row) =>
        string.Concat(row.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? $"-{char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}"));
}
