using System.Globalization;

namespace ImServerTests.Shared;

/// <summary>One kind of answer that has a budget: its key under websocket.yml's budgets, the answer in words, and its default.</summary>
public sealed record Budget(string Key, string Answer, TimeSpan Default)
{
    public override string ToString() => Key;
}

/// <summary>
/// How soon each kind of answer must arrive, measured from the send that caused it. A budget is not a timeout: a
/// frame later than its budget is still awaited until the receive timeout, and then reported as late, not missing.
/// Every budget is declared here, once, by one line: websocket.yml's keys (Config reads them), the latency checks
/// (the Api's SendClock and the transport cases) and the settings' description all come from this list.
/// </summary>
public sealed class Budgets : IEquatable<Budgets>
{
    // Filled by Declare, in the order of the fields below: the file's order, and the order messages list them in.
    private static readonly List<Budget> Declared = [];

    // Sized for the real server over a network with up to 500 ms round trip: its own answers are sent at once by the
    // request's handler, while its teacher thinks 1 to 3 s before replying.

    /// <summary>The match reply.</summary>
    public static readonly Budget MatchReply = Declare("matchReplyMs", "match reply", 1500);

    /// <summary>The receipt of a normal message, or any refusal.</summary>
    public static readonly Budget Receipt = Declare("receiptMs", "receipt", 1500);

    /// <summary>A message passed on between people, from the sender's send to the recipient's receive.</summary>
    public static readonly Budget Relay = Declare("relayMs", "relayed message", 1500);

    /// <summary>The bot teacher's reply, its 1 to 3 s of thinking included.</summary>
    public static readonly Budget TeacherReply = Declare("teacherReplyMs", "teacher's reply", 4500);

    /// <summary>The pong that answers a ping: the WebSocket layer sends it at once, so one round trip.</summary>
    public static readonly Budget Pong = Declare("pongMs", "pong", 1500);

    private readonly Dictionary<Budget, TimeSpan> _limits;

    private Budgets(Dictionary<Budget, TimeSpan> limits) => _limits = limits;

    /// <summary>Every budget, in the order declared.</summary>
    public static IReadOnlyList<Budget> All => Declared;

    /// <summary>Each budget at its default.</summary>
    public static Budgets Default { get; } = new(Declared.ToDictionary(b => b, b => b.Default));

    /// <summary>The limit of <paramref name="budget"/>.</summary>
    public TimeSpan this[Budget budget] => _limits[budget];

    /// <summary>These budgets with <paramref name="budget"/>'s limit replaced.</summary>
    public Budgets With(Budget budget, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(budget);
        if (!_limits.ContainsKey(budget))
        {
            throw new ArgumentException($"'{budget.Key}' is not one of the budgets: {string.Join(", ", All)}", nameof(budget));
        }

        return new Budgets(new Dictionary<Budget, TimeSpan>(_limits) { [budget] = limit });
    }

    public bool Equals(Budgets? other) => other is not null && All.All(b => _limits[b] == other._limits[b]);

    public override bool Equals(object? obj) => Equals(obj as Budgets);

    public override int GetHashCode() => All.Aggregate(0, (hash, b) => HashCode.Combine(hash, _limits[b]));

    public override string ToString() =>
        string.Join(", ", All.Select(b => $"{b.Answer} {_limits[b].TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms"));

    private static Budget Declare(string key, string answer, int defaultMs)
    {
        var budget = new Budget(key, answer, TimeSpan.FromMilliseconds(defaultMs));
        Declared.Add(budget);
        return budget;
    }
}
