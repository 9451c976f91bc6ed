namespace ImServerTests.Config;

/// <summary>
/// What the suite knows of the server under test beyond where it is (websocket.yml's server: key): the longest text
/// message it takes, counted as it counts (Tomcat: UTF-16 code units, so an emoji counts 2; over it the connection is
/// closed with 1009), and how far its clock may be from this machine's, for the timestamp of each frame it makes.
/// </summary>
public sealed record ServerProfile(int MaxMessageChars, TimeSpan ClockTolerance)
{
    /// <summary>The real pinter server: Tomcat's default text buffer of 8,192 characters, and a clock within 10 s of ours.</summary>
    public static ServerProfile Default { get; } = new(8192, TimeSpan.FromSeconds(10));

    public override string ToString() =>
        $"messages up to {MaxMessageChars} characters, clock within {ClockTolerance.TotalMilliseconds:0} ms";
}
