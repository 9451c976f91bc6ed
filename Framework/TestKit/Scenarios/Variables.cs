using System.Text.RegularExpressions;

namespace ImServerTests.TestKit.Scenarios;

/// <summary>${name} in a scenario's texts: which names a text uses, and the text with their values put in.</summary>
public static partial class Variables
{
    /// <summary>The names a text refers to, in order.</summary>
    public static IEnumerable<string> NamesIn(string text) => Reference().Matches(text).Select(m => m.Groups[1].Value);

    /// <summary>The text with each ${name} replaced; a name without a value is an error naming it and the known ones.</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> values, Position at) =>
        Reference().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var value)
            ? value
            : throw ScenarioException.At(at, $"${{{m.Groups[1].Value}}} has no value; known here: {string.Join(", ", values.Keys.Select(k => "${" + k + "}"))}"));

    /// <summary>What a variable name is: letters, digits and underscores, starting with a letter.</summary>
    public const string NamePattern = "^[A-Za-z][A-Za-z0-9_]*$";

    /// <summary>A variable name: letters, digits and underscores, starting with a letter.</summary>
    public static bool IsName(string name) => Name().IsMatch(name);

    [GeneratedRegex(@"\$\{([^}]*)\}")]
    private static partial Regex Reference();

    [GeneratedRegex(NamePattern)]
    private static partial Regex Name();
}
