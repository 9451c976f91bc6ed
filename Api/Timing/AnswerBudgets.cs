using ImServerTests.Shared;

namespace ImServerTests.Api.Timing;

/// <summary>How soon a frame must arrive, in words a failure can name: "receipt", 1,000 ms, environment "pinter".</summary>
public sealed record LatencyBudget(string Answer, TimeSpan Limit, string Source);

/// <summary>
/// The budgets of one environment (<see cref="Budgets"/>, declared in Shared) applied to frames. The kind is read
/// from the frame itself, so every step that awaits a frame gets the right budget: a match reply; a receipt or
/// refusal; a chat message relayed from a person of the conversation; the bot teacher's reply.
/// </summary>
public sealed record AnswerBudgets(Budgets Limits, string Environment)
{
    /// <summary>The budget of <paramref name="frame"/>; <paramref name="fromAPerson"/>: its sender is a connection of the conversation.</summary>
    public LatencyBudget For(ImFrame frame, bool fromAPerson)
    {
        var budget = BudgetOf(frame, fromAPerson);
        return new LatencyBudget(AnswerOf(frame, fromAPerson), Limits[budget], $"environment {Environment}");
    }

    /// <summary>The budget of an answer the Api does not pick itself (a pong), in the same words.</summary>
    public LatencyBudget Of(Budget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return new LatencyBudget(budget.Answer, Limits[budget], $"environment {Environment}");
    }

    /// <summary>The budget <paramref name="frame"/> answers on: a refusal and any other reply on the receipt's.</summary>
    public static Budget BudgetOf(ImFrame frame, bool fromAPerson)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return frame switch
        {
            { IsChat: true } when fromAPerson => Budgets.Relay,
            { IsChat: true } => Budgets.TeacherReply,
            { Code: Protocol.Failure } => Budgets.Receipt,
            { Type: Protocol.Match } => Budgets.MatchReply,
            _ => Budgets.Receipt,
        };
    }

    /// <summary>What kind of answer <paramref name="frame"/> is, in words: its budget's answer, or a refusal, or a reply that is none of them.</summary>
    public static string AnswerOf(ImFrame frame, bool fromAPerson)
    {
        var budget = BudgetOf(frame, fromAPerson);
        return frame switch
        {
            { IsChat: true } => budget.Answer,
            { Code: Protocol.Failure } => "refusal",
            { Type: Protocol.Match or Protocol.Receipt } => budget.Answer,
            _ => "reply",
        };
    }
}
