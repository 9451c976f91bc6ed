namespace ImServerTests.Shared;

/// <summary>NUnit categories say what a test needs to run: pick a part with dotnet test --filter TestCategory=NAME.</summary>
public static class Categories
{
    /// <summary>The regression: cases that talk to the IM server under test (embedded, or IMSERVER_URL).</summary>
    public const string ImServer = "ImServer";

    /// <summary>What a careful server would do; the real pinter server fails them. Not part of the ImServer verdict.</summary>
    public const string Security = "Security";

    /// <summary>Protocol fuzzing: generated frames and conversations against the server under test, bounded by websocket.yml's fuzz: key. Not part of the ImServer verdict.</summary>
    public const string Fuzz = "Fuzz";

    /// <summary>The project's own specs that run in the test process (an embedded server on loopback at most).</summary>
    public const string Spec = "Spec";

    /// <summary>The project's own specs that start another program: dotnet, node, or one of the built programs.</summary>
    public const string Program = "Program";

    /// <summary>The practice site in a real browser (Chromium); skipped, saying how to install it, where there is none.</summary>
    public const string Browser = "Browser";
}
