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
        ArgumentNullException.ThrowIfNull(frame);
        var source = $"environment {Environment}";
        return frame switch
        {
            { IsChat: true } when fromAPerson => new LatencyBudget("relayed message", Relay, source),
            { IsChat: true } => new LatencyBudget("teacher's reply", TeacherReply, source),
            { Type: Protocol.Match } => new LatencyBudget("match reply", MatchReply, source),
            { Type: Protocol.Receipt } => new LatencyBudget("receipt", Receipt, source),
            _ => new LatencyBudget("reply", Receipt, source),
        };
    }
}
