namespace ImServerTests.Server.Sessions;

/// <summary>A customer and the teacher assigned to it when it connected, for the life of that connection.</summary>
public sealed class Pairing(string customer, string teacher)
{
    private volatile bool _seatTaken;

    public string Customer { get; } = customer;

    public string Teacher { get; } = teacher;

    /// <summary>
    /// True once a connection opened with the teacher's id: from then on the customer's messages go to that
    /// connection and the bot teacher, which no longer hears them, stops answering.
    /// </summary>
    public bool SeatTaken => _seatTaken;

    public void TakeSeat() => _seatTaken = true;

    /// <summary>The other side of the pairing, seen from <paramref name="userId"/>.</summary>
    public string PartnerOf(string userId) => userId == Customer ? Teacher : Customer;
}
