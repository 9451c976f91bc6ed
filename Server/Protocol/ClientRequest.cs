namespace ImServerTests.Server.Protocol;

/// <summary>
/// A request as a client sent it: the protocol's seven fields, each null when absent. type, from and to are
/// never blank once parsed. The others are kept so a relayed message carries exactly what its sender gave.
/// </summary>
public sealed record ClientRequest(string Type, string From, string To, string? Msg, string? MsgId, string? Code, string? Timestamp);

/// <summary>The outcome of reading one text frame: a request, or the error row it breaks and why.</summary>
public sealed record ParseResult(ClientRequest? Request, ErrorRow Row, string? Error)
{
    public static ParseResult Ok(ClientRequest request) => new(request, default, null);

    public static ParseResult Refused(ErrorRow row, string error) => new(null, row, error);
}
