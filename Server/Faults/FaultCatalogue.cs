namespace ImServerTests.Server.Faults;

/// <summary>One way the server can be made to misbehave (a defect) or to behave differently but legally (a variation).</summary>
public sealed record FaultDefinition(string Name, string Description, bool IsDefect);

/// <summary>
/// The named faults the embedded server can inject, so the suite can prove it catches them.
/// They are realistic defects of a server following the protocol, not tailored to any test.
/// </summary>
public static class FaultCatalogue
{
    public const string MatchRefused = "match-refused";
    public const string MatchNoTeacher = "match-no-teacher";
    public const string MatchWrongTeacher = "match-wrong-teacher";
    public const string MatchWrongType = "match-wrong-type";
    public const string SuccessCodeMissing = "success-code-missing";
    public const string ErrorCodeZero = "error-code-zero";
    public const string ErrorWrongType = "error-wrong-type";
    public const string ReceiptMissing = "receipt-missing";
    public const string ReceiptFailed = "receipt-failed";
    public const string ReceiptWrongText = "receipt-wrong-text";
    public const string TeacherSilent = "teacher-silent";
    public const string TeacherLate = "teacher-late";
    public const string TeacherWrongText = "teacher-wrong-text";
    public const string TeacherImpostor = "teacher-impostor";
    public const string EmptyAccepted = "empty-accepted";
    public const string EmptyWrongText = "empty-wrong-text";
    public const string WrongTeacherAccepted = "wrong-teacher-accepted";
    public const string BadJsonIgnored = "bad-json-ignored";
    public const string MissingFieldIgnored = "missing-field-ignored";
    public const string UnknownTypeAnswered = "unknown-type-answered";
    public const string ErrorClosesConnection = "error-closes-connection";
    public const string CodeAsNumber = "code-as-number";
    public const string MsgIdMissing = "msgid-missing";
    public const string MsgIdNotUuid = "msgid-not-uuid";
    public const string TimestampSeconds = "timestamp-seconds";
    public const string TimestampNotEpoch = "timestamp-not-epoch";
    public const string FromNotSystem = "from-not-system";
    public const string ToSomeoneElse = "to-someone-else";
    public const string DropMidConversation = "drop-mid-conversation";
    public const string NonJsonFrame = "non-json-frame";
    public const string Silent = "silent";
    public const string CloseOnConnect = "close-on-connect";

    public const string ReplyBeforeReceipt = "reply-before-receipt";
    public const string RealThinkTime = "real-think-time";

    public static IReadOnlyList<FaultDefinition> All { get; } =
    [
        new(MatchRefused, "the match is answered with code \"1\" although a teacher is assigned", true),
        new(MatchNoTeacher, "the match reply's msg is empty instead of the teacher id", true),
        new(MatchWrongTeacher, "the match reply names a teacher other than the one paired with the customer", true),
        new(MatchWrongType, "the match reply has type \"receipt\"", true),
        new(SuccessCodeMissing, "success frames leave out the code field", true),
        new(ErrorCodeZero, "error replies say code \"0\"", true),
        new(ErrorWrongType, "error replies have type \"normal\"", true),
        new(ReceiptMissing, "a normal message gets no receipt", true),
        new(ReceiptFailed, "the receipt of a delivered message says code \"1\"", true),
        new(ReceiptWrongText, "the receipt says \"push ok\" instead of \"push success\"", true),
        new(TeacherSilent, "the teacher never replies", true),
        new(TeacherLate, "the teacher replies after 60 s", true),
        new(TeacherWrongText, "the teacher's greeting has other words", true),
        new(TeacherImpostor, "the teacher's reply comes from another teacher id", true),
        new(EmptyAccepted, "an empty message is accepted and pushed", true),
        new(EmptyWrongText, "the empty-message receipt has another text", true),
        new(WrongTeacherAccepted, "a message to a teacher that is not the customer's is accepted", true),
        new(BadJsonIgnored, "a frame that is not a JSON object gets no reply", true),
        new(MissingFieldIgnored, "a request without type, from or to gets no reply", true),
        new(UnknownTypeAnswered, "an unknown type is answered instead of ignored", true),
        new(ErrorClosesConnection, "the connection is closed after an error reply", true),
        new(CodeAsNumber, "code is sent as a JSON number", true),
        new(MsgIdMissing, "frames leave out msgId", true),
        new(MsgIdNotUuid, "msgId is a counter, not a UUID", true),
        new(TimestampSeconds, "timestamp is in seconds, not milliseconds", true),
        new(TimestampNotEpoch, "timestamp is an ISO date text, not epoch milliseconds", true),
        new(FromNotSystem, "the server's own frames say from \"server\"", true),
        new(ToSomeoneElse, "frames name another user in to", true),
        new(DropMidConversation, "the connection is dropped when a normal message arrives", true),
        new(NonJsonFrame, "receipts are sent as plain text, not JSON", true),
        new(Silent, "the server accepts connections and never answers", true),
        new(CloseOnConnect, "the server closes every connection right after the handshake", true),
        new(ReplyBeforeReceipt, "legal: the teacher's reply overtakes the receipt", false),
        new(RealThinkTime, "legal: the teacher thinks 1-3 s, like the public pinter server", false),
    ];

    public static FaultDefinition? Find(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
