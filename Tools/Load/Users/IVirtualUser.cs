using ImServerTests.Load.Stats;
using ImServerTests.TestKit.Servers;

namespace ImServerTests.Load.Users;

/// <summary>
/// One kind of virtual user of a run: a scenario file's players, or the built-in delivery user. Each has its name on
/// the command line (a file's name without .yml, or delivery), its weight among the others, the Locust user class that
/// stands for it, and plays one session at a time, counting what it did in the run's statistics.
/// </summary>
public interface IVirtualUser
{
    string Name { get; }

    int Weight { get; }

    string UserClass { get; }

    /// <summary>
    /// Plays one session and counts its requests; returns whether it failed. Its participants connect through
    /// <paramref name="connections"/>, the user's own, which keeps them for the next session with --stay-connected
    /// (a user that does not use them plays with fresh participants). A session stopped by <paramref name="stop"/>
    /// counts nothing. An exception is the session's failure, which the caller counts.
    /// </summary>
    Task<bool> PlaySessionAsync(ServerUnderTest target, RequestStats stats, UserConnections connections, CancellationToken stop);
}
