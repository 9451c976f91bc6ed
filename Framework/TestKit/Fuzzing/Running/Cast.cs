using ImServerTests.Api;
using ImServerTests.TestKit.Fuzzing.Model;

namespace ImServerTests.TestKit.Fuzzing.Running;

/// <summary>One connection of a fuzz case: its Api, who it is, and the participant it is in the case's scenario.</summary>
internal sealed class Line(ImServerApi api, Role role, string participant, int customer)
{
    public ImServerApi Api { get; } = api;

    public string User => Api.UserId;

    public Role Role { get; } = role;

    /// <summary>The participant's name in the regression case written from the run.</summary>
    public string Participant { get; } = participant;

    /// <summary>The customer (0 or 1) whose connection or seat this is; -1 for a teacher-like user.</summary>
    public int Customer { get; } = customer;

    public override string ToString() => $"{Participant} ({User})";
}

/// <summary>A customer of the case: its id (fixed for the case), its connections (newest last) and its current teacher, with that teacher's variable in the scenario.</summary>
internal sealed class CustomerState(string id, string participant)
{
    public string Id { get; } = id;

    public string Participant { get; } = participant;

    public List<Line> Lines { get; } = [];

    public string? Teacher { get; set; }

    public string? TeacherVariable { get; set; }

    public Line? Newest => Lines.Count == 0 ? null : Lines[^1];
}

/// <summary>An answer the bot teacher owes a customer: since when (a Stopwatch timestamp), whether it must be the greeting, and whether it must come at all.</summary>
internal sealed record OwedAnswer(string Customer, string Teacher, long SentAt, bool Greeting)
{
    /// <summary>False once the protocol no longer says it comes: the customer connected again, or a person took the teacher's seat.</summary>
    public bool Required { get; set; } = true;
}

/// <summary>Everyone in a fuzz case: two customers, the people in their teachers' seats, a teacher-like user, and the answers owed.</summary>
internal sealed class Cast(string customer, string otherCustomer)
{
    public CustomerState[] Customers { get; } = [new(customer, "customer"), new(otherCustomer, "otherCustomer")];

    /// <summary>Connections opened with a teacher id, oldest first.</summary>
    public List<Line> Seats { get; } = [];

    public Line? TeacherLike { get; set; }

    public List<OwedAnswer> Owed { get; } = [];

    public IEnumerable<Line> Lines => Customers.SelectMany(c => c.Lines).Concat(Seats).Concat(TeacherLike is null ? [] : [TeacherLike]);

    /// <summary>The newest connection of a user: pushes go there.</summary>
    public Line? NewestOf(string user) => Lines.LastOrDefault(l => l.User == user);

    public CustomerState CustomerOf(Line line) => Customers[line.Customer];

    /// <summary>What the server knows of the sender of <paramref name="line"/>.</summary>
    public Situation SituationOf(Line line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return line.Role switch
        {
            Role.Customer => new Situation(line.User, Role.Customer, CustomerOf(line).Teacher, SeatTaken: Seats.Any(s => s.User == CustomerOf(line).Teacher)),
            Role.Seat => new Situation(line.User, Role.Seat, CustomerOf(line).Id, PairingCurrent: CustomerOf(line).Teacher == line.User),
            _ => new Situation(line.User, Role.TeacherLike, null),
        };
    }
}
