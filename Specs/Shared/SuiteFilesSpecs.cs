using ImServerTests.Conformance;

namespace ImServerTests.Specs.Shared;

/// <summary>
/// Where a run finds websocket.yml, the contract and the scenarios: the copy beside the running binaries first (so
/// a published build runs anywhere), then the repository's; a variable names one's own.
/// </summary>
[AllureEpic("Shared")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("The run's files")]
public sealed class SuiteFilesSpecs
{
    private static readonly Func<string, string?> NoVariables = _ => null;

    private TemporaryFolder _folder = null!;
    private string _binaries = null!;
    private string _repository = null!;
    private string _working = null!;

    [SetUp]
    public void MakeFolders()
    {
        _folder = TemporaryFolder.Create("suite-files-specs-");
        _binaries = Directory.CreateDirectory(Path.Combine(_folder.Path, "bin")).FullName;
        _repository = Directory.CreateDirectory(Path.Combine(_folder.Path, "repo")).FullName;
        _working = Directory.CreateDirectory(Path.Combine(_folder.Path, "work")).FullName;
    }

    [TearDown]
    public void RemoveFolders() => _folder.Dispose();

    [Test]
    public void The_copy_beside_the_binaries_comes_first()
    {
        Put(_binaries, SuiteFiles.ContractPath);
        Put(_repository, SuiteFiles.ContractPath);

        new SuiteFiles(_binaries, _repository, _working).Contract(NoVariables)
            .Should().Be(Path.Combine(_binaries, "contract", "imserver.asyncapi.yaml"));
    }

    [Test]
    public void Without_a_copy_beside_the_binaries_the_repository_has_it()
    {
        Put(_repository, SuiteFiles.SettingsPath);
        Directory.CreateDirectory(Path.Combine(_repository, "TestCases", "Scenarios"));
        var files = new SuiteFiles(_binaries, _repository, _working);

        files.Settings(NoVariables).Should().Be(Path.Combine(_repository, "websocket.yml"));
        files.Scenarios(NoVariables).Should().Be(Path.Combine(_repository, "TestCases", "Scenarios"));
    }

    [Test]
    public void A_file_found_nowhere_is_named_where_it_belongs_so_the_message_says_where_to_put_it()
    {
        new SuiteFiles(_binaries, _repository, _working).Find(SuiteFiles.ContractPath)
            .Should().Be(Path.Combine(_repository, "contract", "imserver.asyncapi.yaml"), "inside a repository it belongs there");
        new SuiteFiles(_binaries, null, _working).Find(SuiteFiles.ContractPath)
            .Should().Be(Path.Combine(_binaries, "contract", "imserver.asyncapi.yaml"), "a published build carries it beside itself");
    }

    [Test]
    public void The_missing_contract_is_refused_naming_the_file_and_the_variable()
    {
        var load = () => ContractFile.Load(NoVariables, new SuiteFiles(_binaries, null, _working));

        load.Should().Throw<ContractException>().WithMessage(
            $"{Path.Combine(_binaries, "contract", "imserver.asyncapi.yaml")}: file not found. Point IMSERVER_CONTRACT at an AsyncAPI 3 document, or restore contract/imserver.asyncapi.yaml.");
    }

    [Test]
    public void A_variable_wins_over_both_copies()
    {
        Put(_binaries, SuiteFiles.ContractPath);
        Put(_binaries, SuiteFiles.SettingsPath);
        var variables = Variables(
            (EnvironmentVariables.Contract, "team/contract.yaml"),
            (EnvironmentVariables.Scenarios, "team/scenarios"),
            (EnvironmentVariables.ConfigFile, "team.yml"));
        var files = new SuiteFiles(_binaries, _repository, _working);

        files.Contract(variables).Should().Be(Path.Combine(_repository, "team", "contract.yaml"), "a relative contract is taken from the repository root");
        files.Scenarios(variables).Should().Be(Path.Combine(_repository, "team", "scenarios"), "a relative scenario folder is taken from the repository root");
        files.Settings(variables).Should().Be(Path.Combine(_working, "team.yml"), "a relative settings file is taken from the working directory, as a shell path is");
    }

    [Test]
    public void Outside_any_repository_a_relative_variable_is_taken_from_the_working_directory()
    {
        var files = new SuiteFiles(_binaries, null, _working);

        files.Contract(Variables((EnvironmentVariables.Contract, "team/contract.yaml"))).Should().Be(Path.Combine(_working, "team", "contract.yaml"));
        files.RelativeBase.Should().Be(_working);
    }

    [Test]
    public void A_path_is_shown_relative_to_the_binaries_or_the_repository_never_with_a_machines_folders()
    {
        var files = new SuiteFiles(_binaries, _repository, _working);

        files.Shown(Path.Combine(_binaries, "TestCases", "Scenarios", "a.yml")).Should().Be(Path.Combine("TestCases", "Scenarios", "a.yml"));
        files.Shown(Path.Combine(_repository, "contract", "imserver.asyncapi.yaml")).Should().Be(Path.Combine("contract", "imserver.asyncapi.yaml"));
        files.Shown(Path.Combine(_working, "x.yml")).Should().Be(Path.Combine(_working, "x.yml"), "a file elsewhere is named whole");
    }

    [Test]
    public void This_run_finds_the_copies_the_build_put_beside_the_specs_or_else_the_repositorys()
    {
        var files = SuiteFiles.OfThisRun();

        File.Exists(files.Settings(NoVariables)).Should().BeTrue();
        File.Exists(files.Contract(NoVariables)).Should().BeTrue();
        Directory.Exists(files.Scenarios(NoVariables)).Should().BeTrue();
        files.Shown(files.Contract(NoVariables)).Should().Be(Path.Combine("contract", "imserver.asyncapi.yaml"));
    }

    private static Func<string, string?> Variables(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    private static void Put(string folder, string relativePath)
    {
        var path = Path.Combine(folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "# " + relativePath);
    }
}
