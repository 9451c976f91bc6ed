namespace ImServerTests.Api;

/// <summary>
/// The protocol's words on the suite's side, in one place: message types, codes, the fixed texts and the id
/// patterns. The embedded server keeps its own copy on purpose, so a mistake here cannot hide itself there.
/// </summary>
public static class Protocol
{
    public const string Match = "match";
    public const string Normal = "normal";
    public const string Receipt = "receipt";

    /// <summary>The sender of the server's own frames, and the receiver of a match request.</summary>
    public const string System = "system";

    public const string Success = "0";
    public const string Failure = "1";

    /// <summary>The receipt of a delivered message.</summary>
    public const string PushSuccess = "push success";

    /// <summary>The refusal of a normal message whose msg is missing or blank.</summary>
    public const string EmptyMessage = "消息内容为空";

    /// <summary>The teacher's answer to a message containing 你好 or hello.</summary>
    public const string Greeting = "同学,你好,非常高兴为你服务,有什么需要我帮忙的呢?";

    /// <summary>Ids ending in this are teachers.</summary>
    public const string TeacherSuffix = "__mtx";

    /// <summary>A teacher id as the server assigns it: 32 lowercase hex digits and __mtx.</summary>
    public const string TeacherIdPattern = "^[0-9a-f]{32}__mtx$";

    /// <summary>A msgId as the server stamps it: a dashed UUID.</summary>
    public const string UuidPattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    /// <summary>The seven fields of a frame of the server's own.</summary>
    public static IReadOnlyList<string> FrameFields { get; } = ["code", "type", "from", "to", "msg", "msgId", "timestamp"];

    public static bool IsTeacher(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        return userId.EndsWith(TeacherSuffix, StringComparison.Ordinal);
    }

    /// <summary>The URL of one user's connection: the base URL plus "/{userId}".</summary>
    public static Uri UserUrl(Uri baseUrl, string userId)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var builder = new UriBuilder(baseUrl);
        builder.Path = builder.Path.TrimEnd('/') + "/" + Uri.EscapeDataString(userId);
        return builder.Uri;
    }
}
