using System.Collections.Concurrent;
using ImServerTests.Server.Protocol;

namespace ImServerTests.Server.Sessions;

/// <summary>
/// Who is online and which teacher serves which customer. The newest connection of a user id receives its
/// pushes; a pairing is found from either side (customer to teacher, teacher to customer).
/// </summary>
public sealed class SessionRegistry(Func<string>? newTeacherId = null)
{
    private readonly ConcurrentDictionary<string, Connection> _online = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Pairing> _pairings = new(StringComparer.Ordinal);
    private readonly Func<string> _newTeacherId = newTeacherId ?? NewTeacherId;

    public int OnlineCount => _online.Count;

    /// <summary>
    /// Registers a connection. A customer gets a fresh teacher, replacing any earlier pairing; a connection
    /// that opens with a paired teacher's id takes that teacher's seat.
    /// </summary>
    public void Attach(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _online[connection.UserId] = connection;
        if (MessageTypes.IsTeacher(connection.UserId))
        {
            if (_pairings.TryGetValue(connection.UserId, out var seat))
            {
                seat.TakeSeat();
            }

            return;
        }

        var pairing = new Pairing(connection.UserId, _newTeacherId());
        connection.Pairing = pairing;
        if (_pairings.TryGetValue(connection.UserId, out var previous))
        {
            _pairings.TryRemove(new KeyValuePair<string, Pairing>(previous.Teacher, previous));
        }

        _pairings[pairing.Teacher] = pairing;
        _pairings[pairing.Customer] = pairing;
    }

    /// <summary>Forgets a closed connection, unless a newer connection of the same user replaced it.</summary>
    public void Detach(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (!_online.TryRemove(new KeyValuePair<string, Connection>(connection.UserId, connection)))
        {
            return;
        }

        if (connection.Pairing is { } pairing)
        {
            _pairings.TryRemove(new KeyValuePair<string, Pairing>(pairing.Customer, pairing));
            _pairings.TryRemove(new KeyValuePair<string, Pairing>(pairing.Teacher, pairing));
        }
    }

    public Connection? Online(string userId) => _online.GetValueOrDefault(userId);

    /// <summary>The pairing <paramref name="userId"/> belongs to, as customer or as teacher; null if none.</summary>
    public Pairing? PairingOf(string userId) => _pairings.GetValueOrDefault(userId);

    /// <summary>The teacher of a customer, or the customer of a teacher; null for a user without a partner.</summary>
    public string? PartnerOf(string userId) => PairingOf(userId)?.PartnerOf(userId);

    public static string NewTeacherId() => Guid.NewGuid().ToString("N") + MessageTypes.TeacherSuffix;
}
