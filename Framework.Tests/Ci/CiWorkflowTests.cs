using YamlDotNet.RepresentationModel;

namespace ImServerTests.Framework.Tests.Ci;

/// <summary>The CI workflow parses and runs only the commands the README documents, so the two cannot drift apart.</summary>
[TestFixture]
[Category(Categories.Framework)]
[AllureFeature("CI workflow")]
public sealed class CiWorkflowTests
{
    private static readonly string Root = RepositoryRoot.Find();

    [Test]
    public void The_workflow_parses_and_has_the_regression_job()
    {
        var root = LoadWorkflow();

        root.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value).Should().Contain(["name", "on", "jobs"]);
        ((YamlMappingNode)root["jobs"]).Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value).Should().Contain("regression");
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
    public void The_root_npm_install_holds_only_the_report_generator_and_ws()
    {
        DevDependencies("package.json").Should().BeEquivalentTo(["allure", "ws"], "rendering a report needs the Allure package alone, the benchmarks ws");
        DevDependencies(Path.Combine("tools", "contract", "package.json")).Should().Contain("@asyncapi/html-template");
    }

    [Test]
    public void The_contract_tools_skip_puppeteers_browser_download_by_a_project_file()
    {
        var settings = File.ReadAllText(Path.Combine(Root, "tools", "contract", ".puppeteerrc.cjs"));

        settings.Should().Contain("skipDownload: true", "npm ci must work offline without a variable the README does not mention");
        File.ReadAllText(Path.Combine(Root, ".ci", "run")).Should().NotContain("PUPPETEER_", "CI runs the npm commands as the README writes them");
    }

    private static IEnumerable<string> DevDependencies(string packageJson)
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, packageJson)));
        return document.RootElement.GetProperty("devDependencies").EnumerateObject().Select(p => p.Name).ToList();
    }

    private static YamlMappingNode LoadWorkflow()
    {
        var stream = new YamlStream();
        using var reader = File.OpenText(Path.Combine(Root, ".github", "workflows", "regression.yml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static IEnumerable<string> RunLines(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.SelectMany(pair =>
            pair.Key is YamlScalarNode { Value: "run" } && pair.Value is YamlScalarNode { Value: { } script }
                ? script.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                : RunLines(pair.Value)),
        YamlSequenceNode list => list.Children.SelectMany(RunLines),
        _ => [],
    };
}
