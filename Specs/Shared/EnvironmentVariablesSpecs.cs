using System.Reflection;
using System.Text.RegularExpressions;

namespace ImServerTests.Specs.Shared;

/// <summary>
/// EnvironmentVariables lists every variable the project reads: each IMSERVER_ name in the repository's code, scripts
/// and settings is one of its constants.
/// </summary>
[AllureEpic("Shared")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Environment variables")]
public sealed partial class EnvironmentVariablesSpecs
{
    // Names that appear in the repository but that the project never reads itself: a secret websocket.yml's example
    // reads through ${env:...}, which CI sets to try it.
    private static readonly string[] NamedByTheUser = ["IMSERVER_TOKEN"];

    private static readonly string[] CodeFiles = ["*.cs", "*.py", "*.sh", "*.yml", "*.yaml", "*.js", "*.mjs", "*.json", "run", "load", "results-folders"];

    [Test]
    public void Every_variable_the_code_names_is_listed()
    {
        var listed = Listed();
        var named = NamedInCode(RepositoryRoot.Find());

        named.Should().Contain(listed.Where(n => n.StartsWith("IMSERVER_", StringComparison.Ordinal)), "every listed variable is read somewhere");
        named.Except(listed).Except(NamedByTheUser).Should().BeEmpty("Framework/Shared/EnvironmentVariables.cs lists every variable the project reads");
    }

    [Test]
    public void A_variable_in_a_script_is_found()
    {
        using var folder = TemporaryFolder.Create("variables-");
        // Put together here, so this file does not name a variable itself.
        var name = "IMSERVER" + "_NEW_THING";
        File.WriteAllText(Path.Combine(folder.Path, "tool.py"), $"os.environ.get(\"{name}\")");
        File.WriteAllText(Path.Combine(folder.Path, "notes.md"), "IMSERVER" + "_ONLY_IN_DOCS");

        NamedInCode(folder.Path).Should().Equal(name);
    }

    private static HashSet<string> Listed() =>
        [.. typeof(EnvironmentVariables).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetRawConstantValue()!)];

    private static SortedSet<string> NamedInCode(string root)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var pattern in CodeFiles)
        {
            foreach (var file in Directory.EnumerateFiles(root, pattern, SearchOption.AllDirectories)
                .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj" or "node_modules" or ".git" or "TestResults" or "StrykerOutput")))
            {
                names.UnionWith(VariableName().Matches(File.ReadAllText(file)).Select(m => m.Value));
            }
        }

        return names;
    }

    [GeneratedRegex(@"\bIMSERVER_[A-Z0-9_]+\b")]
    private static partial Regex VariableName();
}
