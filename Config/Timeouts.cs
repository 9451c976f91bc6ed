namespace ImServerTests.Config;

/// <summary>How long the suite waits: for a connection, for one frame, and to be sure that no frame comes.</summary>
public sealed record Timeouts(TimeSpan Connect, TimeSpan Receive, TimeSpan Quiet)
{
    /// <summary>Sized for the real server, whose teacher thinks 1 to 3 s: a quiet window shorter than that would miss a late reply.</summary>
    public static Timeouts Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(4));

    public override string ToString() =>
        $"connect {Connect.TotalSeconds:0.###} s, receive {Receive.TotalSeconds:0.###} s, quiet {Quiet.TotalSeconds:0.###} s";
}
