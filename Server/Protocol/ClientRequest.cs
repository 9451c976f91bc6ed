namespace ImServerTests.Server.Protocol;

/// <summary>A request as a client sent it. Optional fields are null when absent.</summary>
public sealed record ClientRequest(string Type, string From, string To, string? Msg, string? MsgId);

/// <summary>
/// The outcome of reading one text frame: a request, or a refusal with its reason. An unreadable frame
/// (blank, not JSON, not an object) is told apart from a readable one with bad fields.
/// </summary>
public sealed record ParseResult(ClientRequest? Request, string? Error, string ErrorReplyType, bool Unreadable)
{
    public static ParseResult Ok(ClientRequest request) => new(request, null, MessageTypes.Receipt, false);

    public static ParseResult Refused(string error, string replyType = MessageTypes.Receipt) => new(null, error, replyType, false);

    public static ParseResult Unreadably(string error) => new(null, error, MessageTypes.Receipt, true);
}
