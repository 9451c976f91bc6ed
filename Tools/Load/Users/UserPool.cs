using ImServerTests.Load.Stats;
using ImServerTests.TestKit.Servers;

namespace ImServerTests.Load.Users;

/// <summary>
/// The virtual users of a run, by user class (a scenario file's, or the delivery user's): each repeats its session,
/// counting it in <see cref="RequestStats"/>, and waits its <paramref name="thinkTime"/> between two; an exception is
/// the session's failure, counted as "{name}: session" with its reason. With <paramref name="stayConnected"/> a user
/// keeps its participants' connections between sessions (<see cref="UserConnections"/>); a user that stops closes
/// them. Targets can change at any time (a Locust master's spawn); users beyond a target are stopped. A user waiting
/// holds no thread: its loop is an async method parked on one timer (its pause) and its connections' pending reads.
/// </summary>
public sealed class UserPool(ScenarioMix mix, ServerUnderTest target, RequestStats stats, ThinkTime? thinkTime = null, bool stayConnected = false) : IAsyncDisposable
{
    private static readonly TimeSpan PauseAfterFailure = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<RunningUser>> _users = new(StringComparer.Ordinal);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _users.Values.Sum(u => u.Count);
            }
        }
    }

    /// <summary>The users running, by user class.</summary>
    public IReadOnlyDictionary<string, int> Counts
    {
        get
        {
            lock (_gate)
            {
                return mix.Users.ToDictionary(s => s.UserClass, s => _users.GetValueOrDefault(s.UserClass)?.Count ?? 0);
            }
        }
    }

    /// <summary>Starts or stops users until each class has its target; a class the run does not know is refused.</summary>
    public async Task SetTargetsAsync(IReadOnlyDictionary<string, int> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var unknown = targets.Keys.Where(c => mix.ByUserClass(c) is null).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"no user of this worker is the user class {string.Join(", ", unknown)}; it knows {string.Join(", ", mix.Users.Select(s => s.UserClass))}");
        }

        var stopping = new List<RunningUser>();
        lock (_gate)
        {
            foreach (var (userClass, target) in targets)
            {
                var scenarioUser = mix.ByUserClass(userClass)!;
                var users = _users.TryGetValue(userClass, out var list) ? list : _users[userClass] = [];
                while (users.Count < target)
                {
                    users.Add(RunningUser.Start(Play(scenarioUser)));
                }

                while (users.Count > target)
                {
                    stopping.Add(users[^1]);
                    users.RemoveAt(users.Count - 1);
                }
            }
        }

        await StopAsync(stopping);
    }

    /// <summary>Tells every user to stop, without waiting: nothing they finish afterwards is counted.</summary>
    public void CancelAll()
    {
        lock (_gate)
        {
            foreach (var user in _users.Values.SelectMany(u => u))
            {
                user.Stop.Cancel();
            }
        }
    }

    /// <summary>Stops every user and waits for them, at most a bounded time.</summary>
    public async Task StopAllAsync()
    {
        List<RunningUser> all;
        lock (_gate)
        {
            all = [.. _users.Values.SelectMany(u => u)];
            _users.Clear();
        }

        await StopAsync(all);
    }

    public async ValueTask DisposeAsync() => await StopAllAsync();

    private static async Task StopAsync(List<RunningUser> users)
    {
        foreach (var user in users)
        {
            await user.Stop.CancelAsync();
        }

        await Task.WhenAny(Task.WhenAll(users.Select(u => u.Loop)), Task.Delay(StopBound));
        foreach (var user in users)
        {
            user.Stop.Dispose();
        }
    }

    private Func<CancellationToken, Task> Play(IVirtualUser user) => async stop =>
    {
        var pause = thinkTime ?? ThinkTime.None;
        await using var connections = new UserConnections(target, stayConnected);
        while (!stop.IsCancellationRequested)
        {
            var failed = false;
            try
            {
                failed = await user.PlaySessionAsync(target, stats, connections, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // stopped mid-session: nothing of it is counted
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (!stop.IsCancellationRequested)
                {
                    stats.Record($"{user.Name}: session", 0, $"{e.GetType().Name}: {FailureReason.Of([e.Message])}");
                    failed = true;
                }
            }

            var wait = pause.Next();
            if (failed && wait < PauseAfterFailure)
            {
                wait = PauseAfterFailure;
            }

            if (wait > TimeSpan.Zero && !stop.IsCancellationRequested)
            {
                // One timer while the user thinks; a stop ends the pause at once, without an exception.
                await Task.Delay(wait, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    };

    private sealed record RunningUser(Task Loop, CancellationTokenSource Stop)
    {
        public static RunningUser Start(Func<CancellationToken, Task> play)
        {
            var stop = new CancellationTokenSource();
            return new RunningUser(Task.Run(() => play(stop.Token)), stop);
        }
    }
}
