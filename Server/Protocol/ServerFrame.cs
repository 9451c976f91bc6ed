using System.Globalization;

namespace ImServerTests.Server.Protocol;

/// <summary>What a frame is for, so that a fault can pick the frames it bends.</summary>
public enum FrameKind
{
    MatchReply,
    Receipt,
    Refusal,

    /// <summary>The bot teacher's answer to its customer.</summary>
    BotReply,

    /// <summary>A chat message passed on to its receiver as its sender wrote it.</summary>
    Relay,
}

/// <summary>
/// A frame the server sends. The server's own frames have all seven fields; a relayed message has only the
/// fields its sender gave, so code, msg, msgId and timestamp may be null (left out on the wire).
/// </summary>
public sealed record ServerFrame(
    FrameKind Kind,
    string? Code,
    string Type,
    string From,
    string To,
    string? Msg,
    string? MsgId,
    string? Timestamp)
{
    public const string System = "system";
    public const string Success = "0";
    public const string Failure = "1";

    /// <summary>For a refusal: the row of the error table it answers.</summary>
    public ErrorRow? Row { get; init; }

    /// <summary>A frame of the server's own, stamped now with a fresh dashed UUID, as the real server does.</summary>
    public static ServerFrame Create(FrameKind kind, string code, string type, string from, string to, string msg) =>
        new(kind, code, type, from, to, msg,
            Guid.NewGuid().ToString("D"),
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    /// <summary>A request passed on as its sender wrote it: the server re-serialises it and adds nothing.</summary>
    public static ServerFrame Relay(ClientRequest request) =>
        new(FrameKind.Relay, request.Code, request.Type, request.From, request.To, request.Msg, request.MsgId, request.Timestamp);
}
