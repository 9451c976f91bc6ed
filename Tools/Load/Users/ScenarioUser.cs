using System.Text.RegularExpressions;
using ImServerTests.Scenarios;

namespace ImServerTests.Load.Users;

/// <summary>
/// The users that play one scenario file as load: the scenario, the file it came from, their weight among the others,
/// the Locust user class that stands for them (the file name in PascalCase: seed-conversation.yml is SeedConversation), and the names its requests
/// are counted under ("seed-conversation: receipt").
/// </summary>
public sealed partial record ScenarioUser(Scenario Scenario, string Stem, int Weight)
{
    public string UserClass => ClassNameOf(Stem);

    public string RequestName(string step) => $"{Stem}: {step}";

    /// <summary>The Locust user class of a scenario file's name; Tools/Load/locustfile.py makes the same from the same name.</summary>
    public static string ClassNameOf(string stem)
    {
        ArgumentNullException.ThrowIfNull(stem);
        var name = string.Concat(NonWord().Split(stem).Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        return name.Length == 0 || char.IsDigit(name[0]) ? "Scenario" + name : name;
    }

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex NonWord();
}
