namespace ImServerTests.Shared;

/// <summary>NUnit categories: pick a part of the suite with dotnet test --filter TestCategory=NAME.</summary>
public static class Categories
{
    /// <summary>The regression: cases that talk to the IM server under test (embedded, or IMSERVER_URL).</summary>
    public const string ImServer = "ImServer";

    /// <summary>What a careful server would do; the real pinter server fails them. Not part of the ImServer verdict.</summary>
    public const string Security = "Security";

    /// <summary>The embedded server's own tests, through a plain ClientWebSocket.</summary>
    public const string EmbeddedServer = "EmbeddedServer";

    /// <summary>The practice site in a real browser (Chromium); skipped, saying how to install it, where there is none.</summary>
    public const string Browser = "Browser";

    /// <summary>The framework's own tests: configuration, client, Api, report adapter, tools.</summary>
    public const string Framework = "Framework";
}
