
namespace ImServerTests.Load.Stats;

/// <summary>One failure kind: a request name with the reason it failed, and how often.</summary>
public sealed record StatsError(string Name, string Method, string Error, long Occurrences);

/// <summary>
/// Every request of a run, by name: the totals of the whole run (for the summary, the CSV and the thresholds) and,
/// apart, what happened since the last report to a Locust master (each report holds only that). Thread-safe.
/// </summary>
public sealed class RequestStats(Func<double> clock)
{
    /// <summary>The method of a scenario's requests (a connect, an expected frame); the delivery user's messages have their own.</summary>
    public const string Method = "WS";
    public const string TotalName = "Aggregated";

    private readonly Lock _gate = new();
    private readonly double _started = clock();
    private Window _total = new(clock());
    private Window _sinceReport = new(clock());
    private long _sessions;
    private bool _frozen;

    public RequestStats()
        : this(EpochSeconds)
    {
    }

    public static double EpochSeconds() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    /// <summary>Counts a request; a failure carries its reason, which names the error row. A row is its name and method, as in Locust.</summary>
    public void Record(string name, double milliseconds, string? failure = null, long contentLength = 0, string method = Method)
    {
        var now = clock();
        lock (_gate)
        {
            if (_frozen)
            {
                return;
            }

            _total.Record(name, method, milliseconds, failure, contentLength, now);
            _sinceReport.Record(name, method, milliseconds, failure, contentLength, now);
        }
    }

    /// <summary>Counts one scenario played to its end (passed or not).</summary>
    public void SessionEnded()
    {
        lock (_gate)
        {
            if (!_frozen)
            {
                _sessions++;
            }
        }
    }

    /// <summary>
    /// Counts nothing more: what a worker reported last is then all it counted, so the master's totals and the
    /// worker's own are the same figures.
    /// </summary>
    public void Freeze()
    {
        lock (_gate)
        {
            _frozen = true;
        }
    }

    public long Sessions
    {
        get
        {
            lock (_gate)
            {
                return _sessions;
            }
        }
    }

    public double Started => _started;

    /// <summary>A copy of the whole run's figures.</summary>
    public StatsSnapshot Totals()
    {
        lock (_gate)
        {
            return _total.Copy(clock());
        }
    }

    /// <summary>What happened since the previous call, for a Locust report; the window starts anew.</summary>
    public StatsSnapshot TakeReport()
    {
        lock (_gate)
        {
            var report = _sinceReport.Copy(clock());
            _sinceReport = new Window(clock());
            return report;
        }
    }

    /// <summary>Forgets everything, as a Locust worker does when a new test starts.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _total = new Window(clock());
            _sinceReport = new Window(clock());
            _sessions = 0;
            _frozen = false;
        }
    }

    private sealed class Window(double start)
    {
        private readonly Dictionary<(string Name, string Method), StatsEntry> _entries = [];
        private readonly StatsEntry _total = new(TotalName, "", start);
        private readonly Dictionary<(string Name, string Method, string Error), long> _errors = [];

        public void Record(string name, string method, double milliseconds, string? failure, long contentLength, double now)
        {
            if (!_entries.TryGetValue((name, method), out var entry))
            {
                entry = new StatsEntry(name, method, now);
                _entries[(name, method)] = entry;
            }

            entry.Log(milliseconds, contentLength, now);
            _total.Log(milliseconds, contentLength, now);
            if (failure is not null)
            {
                entry.LogFailure(now);
                _total.LogFailure(now);
                _errors[(name, method, failure)] = _errors.GetValueOrDefault((name, method, failure)) + 1;
            }
        }

        public StatsSnapshot Copy(double now)
        {
            var entries = _entries.Values.OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal).Select(Clone).ToList();
            var errors = _errors.Select(e => new StatsError(e.Key.Name, e.Key.Method, e.Key.Error, e.Value)).ToList();
            return new StatsSnapshot(entries, Clone(_total), errors, now);
        }

        private static StatsEntry Clone(StatsEntry entry)
        {
            var copy = new StatsEntry(entry.Name, entry.Method, entry.StartTime);
            copy.Extend(entry);
            return copy;
        }
    }
}

/// <summary>The figures at one moment: each name's entry, the total, the failures by reason.</summary>
public sealed record StatsSnapshot(IReadOnlyList<StatsEntry> Entries, StatsEntry Total, IReadOnlyList<StatsError> Errors, double Taken)
{
    /// <summary>Requests per second over the run, as Locust computes total_rps (from the first to the last request).</summary>
    public double RequestsPerSecond(StatsEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Total.LastRequestTimestamp is { } last && last > Total.StartTime ? entry.NumRequests / (last - Total.StartTime) : 0;
    }

    public double FailuresPerSecond(StatsEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Total.LastRequestTimestamp is { } last && last > Total.StartTime ? entry.NumFailures / (last - Total.StartTime) : 0;
    }

    public StatsEntry? Named(string name) => Entries.FirstOrDefault(e => e.Name == name);

    public StatsEntry? Named(string name, string method) => Entries.FirstOrDefault(e => e.Name == name && e.Method == method);
}
