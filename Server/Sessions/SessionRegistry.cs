using System.Collections.Concurrent;
using ImServerTests.Server.Protocol;

namespace ImServerTests.Server.Sessions;

/// <summary>
/// Who is online and which teacher serves which customer. The newest connection of a user id receives its
/// pushes; pairings are kept both ways (customer to teacher, teacher to customer).
/// </summary>
public sealed class SessionRegistry
{
    private readonly ConcurrentDictionary<string, Connection> _online = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _teacherOfCustomer = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _customerOfTeacher = new(StringComparer.Ordinal);

    public int OnlineCount => _online.Count;

    /// <summary>Registers a connection; a customer gets a fresh teacher, replacing any earlier pairing.</summary>
    public void Attach(Connection connection)
    {
        _online[connection.UserId] = connection;
        if (MessageTypes.IsTeacher(connection.UserId))
        {
            return;
        }

        var teacher = NewTeacherId();
        connection.TeacherId = teacher;
        _customerOfTeacher[teacher] = connection.UserId;
        if (_teacherOfCustomer.TryGetValue(connection.UserId, out var previous))
        {
            _customerOfTeacher.TryRemove(previous, out _);
        }

        _teacherOfCustomer[connection.UserId] = teacher;
    }

    /// <summary>Forgets a closed connection, unless a newer connection of the same user replaced it.</summary>
    public void Detach(Connection connection)
    {
        if (!_online.TryRemove(new KeyValuePair<string, Connection>(connection.UserId, connection)))
        {
            return;
        }

        if (connection.TeacherId is { } teacher)
        {
            _teacherOfCustomer.TryRemove(new KeyValuePair<string, string>(connection.UserId, teacher));
            _customerOfTeacher.TryRemove(new KeyValuePair<string, string>(teacher, connection.UserId));
        }
    }

    public Connection? Online(string userId) => _online.GetValueOrDefault(userId);

    public string? TeacherOf(string customerId) => _teacherOfCustomer.GetValueOrDefault(customerId);

    public string? CustomerOf(string teacherId) => _customerOfTeacher.GetValueOrDefault(teacherId);

    public static string NewTeacherId() => Guid.NewGuid().ToString("N") + MessageTypes.TeacherSuffix;
}
