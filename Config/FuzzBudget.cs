namespace ImServerTests.Config;

/// <summary>
/// How long a fuzz run may take (websocket.yml's fuzz: key): the search for a failure, and, once one is found, the
/// shrinking of it towards the fewest steps and smallest frames. Shrinking reports what it reached when its time is up.
/// </summary>
public sealed record FuzzBudget(TimeSpan Search, TimeSpan Shrink)
{
    /// <summary>A search that leaves a test run of the Fuzz category under a minute, and as long again to shrink a failure.</summary>
    public static FuzzBudget Default { get; } = new(TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(60));

    public override string ToString() => $"search {Search.TotalSeconds:0.###} s, shrink {Shrink.TotalSeconds:0.###} s";
}
