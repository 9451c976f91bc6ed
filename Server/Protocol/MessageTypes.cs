namespace ImServerTests.Server.Protocol;

/// <summary>The protocol's words, in one place.</summary>
public static class MessageTypes
{
    public const string Match = "match";
    public const string Normal = "normal";
    public const string Receipt = "receipt";

    public const string PushSuccess = "push success";
    public const string EmptyMessage = "消息内容为空";
    public const string TeacherSuffix = "__mtx";

    public static bool IsTeacher(string userId) => userId.EndsWith(TeacherSuffix, StringComparison.Ordinal);
}
