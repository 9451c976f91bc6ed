using ImServerTests.TestKit.Scenarios;

namespace ImServerTests.Specs.TestKit;

/// <summary>
/// A scenario folder that is missing or holds no scenario file would run no case, which NUnit reports as a pass: it
/// fails instead, naming the folder, the setting that chose it and what to do.
/// </summary>
[AllureEpic("Test kit")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Scenario files")]
public sealed class ScenarioFilesSpecs
{
    private TemporaryFolder _folder = null!;

    [SetUp]
    public void NewFolder() => _folder = TemporaryFolder.Create("scenario-files-");

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    [Test]
    public void The_scenario_files_are_listed_by_name_in_name_order_and_nothing_else()
    {
        File.WriteAllText(Path.Combine(_folder.Path, "b.yml"), "");
        File.WriteAllText(Path.Combine(_folder.Path, "a.yml"), "");
        File.WriteAllText(Path.Combine(_folder.Path, "notes.txt"), "");
        Directory.CreateDirectory(Path.Combine(_folder.Path, "c.yml"));

        ScenarioFiles.In(_folder.Path, "scenarios", variable: null).Should().Equal("a.yml", "b.yml");
    }

    [Test]
    public void A_missing_folder_named_by_the_variable_fails_naming_the_variable_and_the_fix()
    {
        var missing = Path.Combine(_folder.Path, "typo");

        var list = () => ScenarioFiles.In(missing, "typo", variable: "typo");

        list.Should().Throw<ScenarioException>().Which.Message.Should().Be(
            "IMSERVER_SCENARIOS='typo' names typo, which does not exist, so no scenario would run: "
            + "point IMSERVER_SCENARIOS at a folder of scenario files (*.yml), or unset it to run TestCases/Scenarios.");
    }

    [Test]
    public void An_empty_variable_is_no_variable()
    {
        var list = () => ScenarioFiles.In(Path.Combine(_folder.Path, "gone"), "TestCases/Scenarios", variable: "");

        list.Should().Throw<ScenarioException>().Which.Message.Should().StartWith("the scenario folder TestCases/Scenarios, which does not exist")
            .And.EndWith("or point IMSERVER_SCENARIOS at a folder of scenario files (*.yml).");
    }

    [Test]
    public void Missing_arguments_are_refused()
    {
        ((Action)(() => ScenarioFiles.In(null!, "x", null))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("folder");
        ((Action)(() => ScenarioFiles.In(_folder.Path, null!, null))).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("shownFolder");
    }

    [Test]
    public void A_folder_without_a_scenario_file_fails_naming_the_folder()
    {
        File.WriteAllText(Path.Combine(_folder.Path, "notes.txt"), "");

        var list = () => ScenarioFiles.In(_folder.Path, "TestCases/Scenarios", variable: null);

        list.Should().Throw<ScenarioException>().Which.Message.Should().Be(
            "the scenario folder TestCases/Scenarios, which holds no scenario file (*.yml), so no scenario would run: "
            + "restore TestCases/Scenarios (the build copies it beside the tests), or point IMSERVER_SCENARIOS at a folder of scenario files (*.yml).");
    }
}
