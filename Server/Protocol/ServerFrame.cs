namespace ImServerTests.Server.Protocol;

/// <summary>What a frame is for, so that fault injection can pick the frames it bends.</summary>
public enum FrameKind
{
    MatchReply,
    Receipt,
    EmptyMessageReceipt,
    ErrorReply,
    TeacherPush,
    CustomerPush,
}

/// <summary>A frame the server sends: the seven string fields of the protocol, plus its kind.</summary>
public sealed record ServerFrame(
    FrameKind Kind,
    string Code,
    string Type,
    string From,
    string To,
    string Msg,
    string MsgId,
    string Timestamp)
{
    public const string System = "system";
    public const string Success = "0";
    public const string Failure = "1";

    /// <summary>A frame stamped now with a fresh dashed UUID, as the real server does for every frame.</summary>
    public static ServerFrame Create(FrameKind kind, string code, string type, string from, string to, string msg) =>
        new(kind, code, type, from, to, msg,
            Guid.NewGuid().ToString("D"),
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(global::System.Globalization.CultureInfo.InvariantCulture));
}
