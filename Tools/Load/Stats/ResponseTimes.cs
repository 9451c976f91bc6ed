namespace ImServerTests.Load.Stats;

/// <summary>
/// Response times as Locust keeps them: in milliseconds, rounded to fewer digits as they grow (exact below 100 ms,
/// then to 10, 100 and 1000 ms), counted per rounded value; percentiles read from those counts the way
/// locust/stats.py reads them, so a worker's figures and the master's are the same figures.
/// </summary>
public static class ResponseTimes
{
    /// <summary>The key Locust files a response time under (Python's round(), halves to even).</summary>
    public static long Rounded(double milliseconds) => milliseconds switch
    {
        < 100 => (long)Math.Round(milliseconds, MidpointRounding.ToEven),
        < 1000 => (long)Math.Round(milliseconds / 10, MidpointRounding.ToEven) * 10,
        < 10000 => (long)Math.Round(milliseconds / 100, MidpointRounding.ToEven) * 100,
        _ => (long)Math.Round(milliseconds / 1000, MidpointRounding.ToEven) * 1000,
    };

    /// <summary>The response time within which <paramref name="percent"/> (0 to 1) of the requests finished.</summary>
    public static long Percentile(IReadOnlyDictionary<long, long> counts, long requests, double percent)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var wanted = (long)(requests * percent);
        long processed = 0;
        foreach (var (time, count) in counts.OrderByDescending(c => c.Key))
        {
            processed += count;
            if (requests - processed <= wanted)
            {
                return time;
            }
        }

        return 0;
    }

    /// <summary>The median as Locust's median_from_dict computes it.</summary>
    public static long Median(IReadOnlyDictionary<long, long> counts, long requests)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var position = (requests - 1) / 2.0;
        long last = 0;
        foreach (var (time, count) in counts.OrderBy(c => c.Key))
        {
            last = time;
            if (position < count)
            {
                return time;
            }

            position -= count;
        }

        return last;
    }
}
