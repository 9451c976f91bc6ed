using System.Collections.Concurrent;

namespace ImServerTests.TestKit.Fuzzing.Running;

/// <summary>What every step of a fuzz case must keep; each is one step of the report.</summary>
public enum FuzzProperty
{
    /// <summary>Every frame the server makes conforms to the contract.</summary>
    Contract,

    /// <summary>The answer is what the protocol says (where it is silent, any answer a faithful server may give).</summary>
    Protocol,

    /// <summary>A relayed frame carries what its sender sent: the decoded fields equal, and none added.</summary>
    Relay,

    /// <summary>The server closes no connection.</summary>
    ConnectionOpen,

    /// <summary>No other user is disturbed: nobody gets a frame that was not for them.</summary>
    OthersUndisturbed,

    /// <summary>The server stays up: a new user can still connect and match.</summary>
    ServerUp,

    /// <summary>After each frame the connection still works: a match round trip.</summary>
    StillWorks,

    /// <summary>Every answer comes within its budget.</summary>
    Budget,

    /// <summary>The sentinel conversation between two other users stays intact.</summary>
    Sentinel,
}

public static class FuzzProperties
{
    public static IReadOnlyList<FuzzProperty> All { get; } = Enum.GetValues<FuzzProperty>();

    public static string Title(this FuzzProperty property) => property switch
    {
        FuzzProperty.Contract => "Every frame the server makes conforms to the contract",
        FuzzProperty.Protocol => "Every answer is what the protocol says",
        FuzzProperty.Relay => "A relayed frame carries what its sender sent",
        FuzzProperty.ConnectionOpen => "The server closes no connection",
        FuzzProperty.OthersUndisturbed => "No other user is disturbed",
        FuzzProperty.ServerUp => "The server stays up",
        FuzzProperty.StillWorks => "After each frame the connection still works (a match round trip)",
        FuzzProperty.Budget => "Every answer comes within its budget",
        FuzzProperty.Sentinel => "The sentinel conversation stays intact",
        _ => throw new ArgumentOutOfRangeException(nameof(property), property, "a property without a title"),
    };
}

/// <summary>How often each property was checked in a run, across its cases.</summary>
public sealed class PropertyTally
{
    private readonly ConcurrentDictionary<FuzzProperty, long> _checks = new();

    public void Checked(FuzzProperty property) => _checks.AddOrUpdate(property, 1, (_, n) => n + 1);

    public long this[FuzzProperty property] => _checks.GetValueOrDefault(property);
}

/// <summary>A property a fuzz case broke: which, what was seen, and (once the case has run) at which step of which case.</summary>
public sealed class FuzzFailure : Exception
{
    public FuzzFailure(FuzzProperty property, string message)
        : base(message) => Property = property;

    public FuzzFailure()
        : this(FuzzProperty.Protocol, "a fuzz case failed")
    {
    }

    public FuzzFailure(string message)
        : this(FuzzProperty.Protocol, message)
    {
    }

    public FuzzFailure(string message, Exception innerException)
        : base(message, innerException) => Property = FuzzProperty.Protocol;

    public FuzzProperty Property { get; }

    /// <summary>The step (1-based) of the case that broke it; 0: the case's set-up or its end.</summary>
    public int Step { get; init; }

    public Generation.FuzzCase? Case { get; init; }

    /// <summary>The case as a scenario of the regression, up to the step that failed, with what the protocol requires.</summary>
    public Scenarios.Scenario? Scenario { get; init; }

    /// <summary>The case's connections, every frame sent and received.</summary>
    public string Transcripts { get; init; } = "";

    /// <summary>True when the server was found gone (it must be started again before another case).</summary>
    public bool ServerGone => Property == FuzzProperty.ServerUp;
}
