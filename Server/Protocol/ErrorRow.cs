namespace ImServerTests.Server.Protocol;

/// <summary>
/// The rows of the protocol's error table, in the order the checks run. A frame that breaks several rules
/// gets the reply of the first row it breaks.
/// </summary>
public enum ErrorRow
{
    /// <summary>Empty or whitespace-only text; checked before anything is parsed.</summary>
    BlankFrame,

    /// <summary>Not JSON, JSON that is not an object, or a known field that is not a string.</summary>
    Unreadable,

    /// <summary>type, from or to is missing or blank; checked before the type is looked at.</summary>
    MissingField,

    /// <summary>A normal message whose msg is missing or blank.</summary>
    EmptyMessage,

    /// <summary>A normal message whose from has no partner (a teacher-like id, or a user never seen).</summary>
    NoPartner,

    /// <summary>A normal message whose to is not the partner of from.</summary>
    NotPaired,

    /// <summary>A match on a connection whose user has no partner.</summary>
    MatchWithoutPartner,

    /// <summary>With the identity check on: from names another user than the connection's.</summary>
    NotYourName,
}

public static class ErrorRows
{
    /// <summary>The reply type the real server's code gives each row; not always the request's type.</summary>
    public static string ReplyType(ErrorRow row, string requestType) => row switch
    {
        ErrorRow.BlankFrame or ErrorRow.MissingField => MessageTypes.Normal,
        ErrorRow.MatchWithoutPartner => MessageTypes.Match,
        ErrorRow.NotYourName => requestType == MessageTypes.Match ? MessageTypes.Match : MessageTypes.Receipt,
        _ => MessageTypes.Receipt,
    };
}
