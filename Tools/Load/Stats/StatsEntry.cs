namespace ImServerTests.Load.Stats;

/// <summary>
/// The figures of one request name, in the shape of Locust's StatsEntry: counts, response-time totals, the rounded
/// response-time counts and the requests and failures per epoch second. Not thread-safe: <see cref="RequestStats"/>
/// holds the lock.
/// </summary>
public sealed class StatsEntry(string name, string method, double startTime)
{
    public string Name { get; } = name;

    public string Method { get; } = method;

    public double StartTime { get; private set; } = startTime;

    public double? LastRequestTimestamp { get; private set; }

    public long NumRequests { get; private set; }

    public long NumFailures { get; private set; }

    public double TotalResponseTime { get; private set; }

    public double? MinResponseTime { get; private set; }

    public double MaxResponseTime { get; private set; }

    public long TotalContentLength { get; private set; }

    public SortedDictionary<long, long> ResponseTimes { get; } = [];

    public SortedDictionary<long, long> RequestsPerSecond { get; } = [];

    public SortedDictionary<long, long> FailuresPerSecond { get; } = [];

    /// <summary>Counts one request that took <paramref name="milliseconds"/>, at epoch second <paramref name="now"/>.</summary>
    public void Log(double milliseconds, long contentLength, double now)
    {
        NumRequests++;
        LastRequestTimestamp = now;
        Add(RequestsPerSecond, (long)now, 1);
        TotalResponseTime += milliseconds;
        MinResponseTime = MinResponseTime is { } min ? Math.Min(min, milliseconds) : milliseconds;
        MaxResponseTime = Math.Max(MaxResponseTime, milliseconds);
        Add(ResponseTimes, Stats.ResponseTimes.Rounded(milliseconds), 1);
        TotalContentLength += contentLength;
    }

    public void LogFailure(double now)
    {
        NumFailures++;
        Add(FailuresPerSecond, (long)now, 1);
    }

    /// <summary>Adds another entry's figures to these, as the master does with each worker's report.</summary>
    public void Extend(StatsEntry other)
    {
        ArgumentNullException.ThrowIfNull(other);
        LastRequestTimestamp = (LastRequestTimestamp, other.LastRequestTimestamp) switch
        {
            ({ } mine, { } theirs) => Math.Max(mine, theirs),
            (null, { } theirs) => theirs,
            _ => LastRequestTimestamp,
        };
        StartTime = Math.Min(StartTime, other.StartTime);
        NumRequests += other.NumRequests;
        NumFailures += other.NumFailures;
        TotalResponseTime += other.TotalResponseTime;
        MaxResponseTime = Math.Max(MaxResponseTime, other.MaxResponseTime);
        MinResponseTime = (MinResponseTime, other.MinResponseTime) switch
        {
            ({ } mine, { } theirs) => Math.Min(mine, theirs),
            (null, { } theirs) => theirs,
            _ => MinResponseTime,
        };
        TotalContentLength += other.TotalContentLength;
        foreach (var (key, count) in other.ResponseTimes)
        {
            Add(ResponseTimes, key, count);
        }

        foreach (var (key, count) in other.RequestsPerSecond)
        {
            Add(RequestsPerSecond, key, count);
        }

        foreach (var (key, count) in other.FailuresPerSecond)
        {
            Add(FailuresPerSecond, key, count);
        }
    }

    public double AverageResponseTime => NumRequests == 0 ? 0 : TotalResponseTime / NumRequests;

    public long MedianResponseTime
    {
        get
        {
            if (ResponseTimes.Count == 0)
            {
                return 0;
            }

            var median = Stats.ResponseTimes.Median(ResponseTimes, NumRequests);
            return (long)Math.Clamp(median, MinResponseTime ?? median, MaxResponseTime);
        }
    }

    public long Percentile(double percent) => Stats.ResponseTimes.Percentile(ResponseTimes, NumRequests, percent);

    /// <summary>The share of requests that failed, 0 to 1.</summary>
    public double FailRatio => NumRequests == 0 ? (NumFailures > 0 ? 1 : 0) : (double)NumFailures / NumRequests;

    private static void Add(SortedDictionary<long, long> counts, long key, long count) =>
        counts[key] = counts.GetValueOrDefault(key) + count;
}
