using System.Text.Json.Nodes;
using ImServerTests.Yaml;

namespace ImServerTests.Specs.Ci;

/// <summary>The CI workflow parses and runs only the commands the README documents, so the two cannot drift apart.</summary>
[AllureEpic("Build and CI")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("CI workflow")]
public sealed class CiWorkflowSpecs
{
    private static readonly string Root = RepositoryRoot.Find();

    [Test]
    public void The_workflow_parses_and_has_the_regression_job()
    {
        var root = LoadWorkflow();

        root.Select(p => p.Key).Should().Contain(["name", "on", "jobs"]);
        root["jobs"]!.AsObject().Select(p => p.Key).Should().Contain("regression");
    }

    [Test]
    public void Every_dotnet_and_npm_command_of_the_workflow_is_in_the_README()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var commands = RunLines(LoadWorkflow())
            .Where(line => line.StartsWith("dotnet ", StringComparison.Ordinal) || line.StartsWith("npm ", StringComparison.Ordinal))
            .ToList();

        commands.Should().NotBeEmpty();
        commands.Should().OnlyContain(command => readme.Contains(command, StringComparison.Ordinal),
            "the workflow runs the README's commands, not a private variant");
    }

    [Test]
    public void CI_starts_with_the_READMEs_two_commands_before_anything_else_builds()
    {
        var quickStart = QuickStartCommands();
        var ciRun = File.ReadAllLines(Path.Combine(Root, ".ci", "run"))
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("dotnet ", StringComparison.Ordinal) && line != "dotnet --info | head -n 3");
        var workflow = RunLines(LoadWorkflow()).Where(line => line.StartsWith("dotnet ", StringComparison.Ordinal));

        quickStart.Should().HaveCount(2, "the README's Quick start gives two commands");
        using (new AssertionScope())
        {
            ciRun.Take(2).Should().Equal(quickStart, ".ci/run begins with the README's commands, as written");
            workflow.Take(2).Should().Equal(quickStart, "the workflow begins with the README's commands, as written");
        }
    }

    [Test]
    public void The_root_npm_install_holds_only_the_report_generator_and_ws()
    {
        DevDependencies("package.json").Should().BeEquivalentTo(["allure", "ws"], "rendering a report needs the Allure package alone, the benchmarks ws");
        DevDependencies(Path.Combine("Tools", "Npm", "contract", "package.json")).Should().Contain("@asyncapi/html-template");
    }

    [Test]
    public void The_contract_tools_skip_puppeteers_browser_download_by_a_project_file()
    {
        var settings = File.ReadAllText(Path.Combine(Root, "Tools", "Npm", "contract", ".puppeteerrc.cjs"));

        settings.Should().Contain("skipDownload: true", "npm ci must work offline without a variable the README does not mention");
        File.ReadAllText(Path.Combine(Root, ".ci", "run")).Should().NotContain("PUPPETEER_", "CI runs the npm commands as the README writes them");
    }

    // The dotnet lines of the README's first code block after its "Quick start" heading.
    private static List<string> QuickStartCommands()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "README.md"));
        var heading = Array.FindIndex(lines, line => line.StartsWith('#') && line.Contains("Quick start", StringComparison.Ordinal));
        heading.Should().BeGreaterThanOrEqualTo(0, "the README has a Quick start section");
        var open = Array.FindIndex(lines, heading, line => line.StartsWith("```", StringComparison.Ordinal));
        var close = Array.FindIndex(lines, open + 1, line => line.StartsWith("```", StringComparison.Ordinal));
        return lines[(open + 1)..close].Select(line => line.Trim()).Where(line => line.StartsWith("dotnet ", StringComparison.Ordinal)).ToList();
    }

    private static IEnumerable<string> DevDependencies(string packageJson)
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, packageJson)));
        return document.RootElement.GetProperty("devDependencies").EnumerateObject().Select(p => p.Name).ToList();
    }

    private static JsonObject LoadWorkflow() =>
        YamlJson.Load(Path.Combine(Root, ".github", "workflows", "regression.yml")).Root!.AsObject();

    private static IEnumerable<string> RunLines(JsonNode? node) => node switch
    {
        JsonObject map => map.SelectMany(pair =>
            pair.Key == "run" && pair.Value is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? value.GetValue<string>().Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                : RunLines(pair.Value)),
        JsonArray list => list.SelectMany(RunLines),
        _ => [],
    };
}
