namespace ImServerTests.Config;

/// <summary>The settings cannot be used. The message names the file or variable, the key, and what is allowed.</summary>
public sealed class ConfigurationException : Exception
{
    public ConfigurationException(string message)
        : base(message)
    {
    }

    public ConfigurationException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public ConfigurationException()
    {
    }
}
