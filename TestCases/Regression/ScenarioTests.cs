using ImServerTests.TestKit.Scenarios;
using ImServerTests.TestKit.Scenarios.Running;

namespace ImServerTests.TestCases.Regression;

/// <summary>
/// Every scenario file of TestCases/Scenarios (or IMSERVER_SCENARIOS) as one case of the regression: conversations
/// written in YAML and recordings imported from HAR files (the error table is ErrorReplyTests' alone). A file that
/// cannot be read fails its own case at once, naming the file, line and column; the others still run.
/// </summary>
[AllureFeature("Scenarios")]
public sealed class ScenarioTests : ImServerFixture
{
    public static IEnumerable<TestCaseData> Scenarios() =>
        ScenarioFolder.Files().Select(file => new TestCaseData(file).SetName($"Scenario {TitleOf(file)}"));

    [TestCaseSource(nameof(Scenarios))]
    public async Task Scenario_plays_as_written(string file)
    {
        var path = Path.Combine(ScenarioFolder.Path(), file);
        var scenario = File.Exists(path)
            ? ScenarioReader.Parse(await File.ReadAllTextAsync(path), ScenarioFolder.Shown(path))
            : throw new ScenarioException($"{path}: file not found");
        if (scenario.Description is { } description)
        {
            await TestContext.Out.WriteLineAsync(description);
        }

        var outcome = await new ScenarioRunner((id, _) => ConnectAsync(id), NewCustomerId, Settings.QuietWindow).RunAsync(scenario);

        outcome.Should().Pass();
    }

    // The scenario's own name when the file reads, else its file name (the case then fails, saying why).
    private static string TitleOf(string file)
    {
        try
        {
            return $"{Path.GetFileNameWithoutExtension(file)}: {ScenarioReader.Read(Path.Combine(ScenarioFolder.Path(), file)).Name}";
        }
        catch (ScenarioException)
        {
            return Path.GetFileNameWithoutExtension(file);
        }
    }
}
