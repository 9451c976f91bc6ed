namespace ImServerTests.TestKit.Scenarios;

/// <summary>A scenario or HAR file cannot be used; the message names the file, the place and what is allowed.</summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(string message)
        : base(message)
    {
    }

    public ScenarioException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ScenarioException()
    {
    }

    public static ScenarioException At(Position at, string problem) => new($"{at}: {problem}");
}
