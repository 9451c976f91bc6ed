namespace ImServerTests.Server.Conversation;

/// <summary>What the teacher answers. Only the greeting is fixed by the protocol; the rest is this server's own.</summary>
public static class TeacherScript
{
    public const string Greeting = "同学,你好,非常高兴为你服务,有什么需要我帮忙的呢?";
    public const string Farewell = "同学,再见,祝你学习愉快!";

    private static readonly string[] CannedAnswers =
    [
        "好的,老师已经收到你的问题,正在为你查询。",
        "这个问题可以参考课程资料,有不清楚的地方再问我。",
        "收到,请稍等,马上为你处理。",
    ];

    public static string ReplyTo(string message)
    {
        if (message.Contains("你好", StringComparison.Ordinal) || message.Contains("hello", StringComparison.OrdinalIgnoreCase))
        {
            return Greeting;
        }

        if (message.Contains("再见", StringComparison.Ordinal) || message.Contains("bye", StringComparison.OrdinalIgnoreCase))
        {
            return Farewell;
        }

        return CannedAnswers[Random.Shared.Next(CannedAnswers.Length)];
    }
}
