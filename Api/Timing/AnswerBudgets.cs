namespace ImServerTests.Api.Timing;

/// <summary>How soon a frame must arrive, in words a failure can name: "receipt", 1,000 ms, environment "pinter".</summary>
public sealed record LatencyBudget(string Answer, TimeSpan Limit, string Source);

/// <summary>
/// The budget of each kind of answer in one environment. The kind is read from the frame itself, so every step
/// that awaits a frame gets the right budget: a match reply; a receipt or refusal; a chat message relayed from a
/// person of the conversation; the bot teacher's reply.
/// </summary>
public sealed record AnswerBudgets(TimeSpan MatchReply, TimeSpan Receipt, TimeSpan Relay, TimeSpan TeacherReply, string Environment)
{
    /// <summary>The budget of <paramref name="frame"/>; <paramref name="fromAPerson"/>: its sender is a connection of the conversation.</summary>
    public LatencyBudget For(ImFrame frame, bool fromAPerson)
    {
        var answer = AnswerOf(frame, fromAPerson);
        var limit = answer switch
        {
            RelayedMessage => Relay,
            TeachersReply => TeacherReply,
            MatchReplyAnswer => MatchReply,
            _ => Receipt,
        };
        return new LatencyBudget(answer, limit, $"environment {Environment}");
    }

    /// <summary>What kind of answer <paramref name="frame"/> is, in words: a relayed message, the teacher's reply, a refusal (on the receipt's budget), a match reply, a receipt or a reply.</summary>
    public static string AnswerOf(ImFrame frame, bool fromAPerson)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame switch
        {
            { IsChat: true } when fromAPerson => RelayedMessage,
            { IsChat: true } => TeachersReply,
            { Code: Protocol.Failure } => "refusal",
            { Type: Protocol.Match } => MatchReplyAnswer,
            { Type: Protocol.Receipt } => "receipt",
            _ => "reply",
        };
    }

    private const string RelayedMessage = "relayed message";
    private const string TeachersReply = "teacher's reply";
    private const string MatchReplyAnswer = "match reply";
}
