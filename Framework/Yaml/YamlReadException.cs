namespace ImServerTests.Yaml;

/// <summary>A file that is not YAML this reading can turn into JSON, with the file, line and column.</summary>
public sealed class YamlReadException(string source, int line, int column, string problem)
    : Exception($"{source}:{line}:{column}: {problem}")
{
    public string File { get; } = source;

    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>What is wrong, without the place.</summary>
    public string Problem { get; } = problem;
}
