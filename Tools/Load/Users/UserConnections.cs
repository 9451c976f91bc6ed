using ImServerTests.Api.Timing;
using ImServerTests.Client;
using ImServerTests.TestKit.Servers;

namespace ImServerTests.Load.Users;

/// <summary>
/// The connections of one virtual user, session after session. Without <c>keep</c> every session gets fresh
/// participants and closes them at its end. With <c>keep</c> (--stay-connected) the participants with fresh ids stay
/// connected between sessions, so the next session plays on the same connections and user ids: a participant whose
/// connection was closed meanwhile is connected again with a fresh id (a slot kept through KeepAs, with the id the
/// session learns again); a failed session closes them all, and the next
/// starts fresh. Connections a session opens with an id it learned (a teacher's seat, "${teacherId}") are the
/// session's own and close with it, unless the session asks to keep them (<see cref="KeepAs"/>: the delivery user's
/// seat). A session's runner asks <see cref="FreshId"/> for each participant with a fresh id, in the scenario's order,
/// and connects through <see cref="ConnectAsync"/>. One session at a time.
/// </summary>
public sealed class UserConnections(ServerUnderTest target, bool keep) : IAsyncDisposable
{
    private readonly List<ImServerApi?> _kept = []; // by participant, in the order the runner asks for fresh ids
    private readonly List<ImServerApi> _sessionOnly = [];
    private readonly List<string> _handedOut = []; // this session's fresh ids, by participant
    private readonly List<bool> _reused = [];
    private readonly HashSet<int> _given = []; // kept connections this session already has
    private SendClock? _clock;

    public bool Keep => keep;

    // Nothing in a load run reads a transcript, and on a kept connection one would grow with every session.
    private ConnectionOptions Options { get; } = target.Connection with { TranscriptFrames = 0 };

    /// <summary>For each connect of the current session, in order: whether it was a kept connection handed out again.</summary>
    public IReadOnlyList<bool> Reused => _reused;

    /// <summary>The current session's number since the kept connections were opened (1 for fresh ones).</summary>
    public int SessionsOnThem { get; private set; }

    /// <summary>How many connections were opened, over every session: with keep, far fewer than the sessions.</summary>
    public long Opened { get; private set; }

    /// <summary>
    /// Readies the next session: frames left unread on a kept connection are dropped (a fresh connection would never
    /// have seen them), and a kept connection that has closed is let go, so its participant
    /// gets a fresh id.
    /// </summary>
    public async Task BeginSessionAsync(CancellationToken stop)
    {
        _handedOut.Clear();
        _reused.Clear();
        _given.Clear();
        SessionsOnThem = _kept.Count > 0 ? SessionsOnThem + 1 : 1;
        for (var i = 0; i < _kept.Count; i++)
        {
            if (_kept[i] is not { } connection)
            {
                continue;
            }

            try
            {
                while (await connection.TryReceiveWithinAsync(TimeSpan.Zero, stop).ConfigureAwait(false) is not null)
                {
                    // left over from the previous session
                }
            }
            catch (WebSocketClientException)
            {
                _kept[i] = null;
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The id of the runner's next participant with a fresh id: its kept connection's, else a new one.</summary>
    public string FreshId()
    {
        var slot = _handedOut.Count;
        var id = slot < _kept.Count && _kept[slot] is { } connection ? connection.UserId : target.NewUserId();
        _handedOut.Add(id);
        return id;
    }

    /// <summary>
    /// Makes <paramref name="userId"/>, an id the session learned (a teacher's seat), the next participant to keep, as
    /// if it were a fresh id: its connection is kept like theirs, and handed out again while the id stays the same.
    /// </summary>
    public string KeepAs(string userId)
    {
        _handedOut.Add(userId);
        return userId;
    }

    /// <summary>The participant's kept connection when there is one for <paramref name="userId"/>, else a new one.</summary>
    public async Task<ImServerApi> ConnectAsync(string userId, CancellationToken stop)
    {
        var slot = _kept.FindIndex(c => c?.UserId == userId);
        if (slot >= 0 && _given.Add(slot))
        {
            _reused.Add(true);
            return _kept[slot]!;
        }

        _reused.Add(false);
        // Latency under load is the statistics' to judge (percentiles, thresholds), not each frame's budget.
        _clock ??= new SendClock();
        var connection = await target.ConnectAsync(userId, _clock, Options, stop).ConfigureAwait(false);
        Opened++;
        var freshSlot = keep ? FreshSlotOf(userId) : -1;
        if (freshSlot >= 0)
        {
            while (_kept.Count <= freshSlot)
            {
                _kept.Add(null);
            }

            if (_kept[freshSlot] is { } replaced)
            {
                await replaced.DisposeAsync().ConfigureAwait(false); // the slot's id changed (a seat whose customer got a new teacher)
            }

            _kept[freshSlot] = connection;
        }
        else
        {
            _sessionOnly.Add(connection);
        }

        return connection;
    }

    /// <summary>Closes the session's own connections, and the kept ones too when it failed or nothing is kept.</summary>
    public async Task EndSessionAsync(bool failed)
    {
        foreach (var connection in _sessionOnly)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _sessionOnly.Clear();
        if (failed || !keep)
        {
            await CloseKeptAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await EndSessionAsync(failed: true).ConfigureAwait(false);
    }

    private async Task CloseKeptAsync()
    {
        foreach (var connection in _kept)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }

        _kept.Clear();
        _clock = null; // the next conversation starts with no sends of this one
    }

    // The participant slot whose fresh id this session handed out as userId, or -1 (an id the session learned).
    private int FreshSlotOf(string userId) => _handedOut.IndexOf(userId);
}
