namespace ImServerTests.Specs.Ci;

/// <summary>
/// The build's test-run targets, run for real through `dotnet msbuild` on the solution, as `dotnet test` runs them:
/// a results folder beside a user's files loses only the adapter's files; a folder that holds other work is
/// refused with one message and nothing touched.
/// </summary>
[AllureEpic("Build and CI")]
[TestFixture]
[Category(Categories.Program)]
[AllureFeature("The results folders of a run")]
public sealed class TestRunTargetsSpecs
{
    private const string AdapterResult = "testcases-0f8fad5b-d9cb-469f-a165-70867728950e-result.json";
    private static readonly string Root = RepositoryRoot.Find();

    private DirectoryInfo _folder = null!;

    [SetUp]
    public void NewFolder() => _folder = Directory.CreateTempSubdirectory("test-run-targets-");

    [TearDown]
    public void RemoveFolder() => _folder.Delete(recursive: true);

    [Test]
    public async Task A_solution_run_removes_the_previous_runs_files_and_leaves_the_users()
    {
        var results = Folder("results", AdapterResult, "environment.properties", "notes.txt");
        var reports = Folder("reports", "ImServerTests.TestCases.trx", "ImServerTests.TestCases.junit.xml", "mine.trx");

        var run = await StartTestRunAsync(results, reports);

        run.ExitCode.Should().Be(0, run.Output);
        Names(results).Should().BeEquivalentTo("notes.txt");
        Names(reports).Should().BeEquivalentTo("mine.trx");
    }

    [Test]
    public async Task A_relative_value_is_taken_from_the_repository_root()
    {
        var name = "allure-relative-" + Guid.NewGuid().ToString("N")[..8];
        var results = Path.Combine(Root, "TestResults", name);
        Directory.CreateDirectory(results);
        try
        {
            File.WriteAllText(Path.Combine(results, AdapterResult), "{}");
            File.WriteAllText(Path.Combine(results, "notes.txt"), "mine");

            var run = await StartTestRunAsync("TestResults/" + name, Folder("reports"));

            run.ExitCode.Should().Be(0, run.Output);
            Names(results).Should().BeEquivalentTo("notes.txt");
        }
        finally
        {
            Directory.Delete(results, recursive: true);
        }
    }

    [Test]
    public async Task ALLURE_KEEP_RESULTS_keeps_the_earlier_results()
    {
        var results = Folder("results", AdapterResult, "notes.txt");

        var run = await StartTestRunAsync(results, Folder("reports"), keep: true);

        run.ExitCode.Should().Be(0, run.Output);
        Names(results).Should().BeEquivalentTo(AdapterResult, "notes.txt");
    }

    [TestCase(".")]
    [TestCase("..")]
    [TestCase("/")]
    public async Task A_folder_that_holds_the_repository_is_refused_and_nothing_is_touched(string value)
    {
        var reports = Folder("reports", "ImServerTests.TestCases.trx");

        var run = await StartTestRunAsync(value, reports);

        run.ExitCode.Should().NotBe(0);
        run.Output.Should().Contain($"ALLURE_RESULTS_DIR='{value}' names ").And.Contain("Nothing was run and nothing was touched");
        Names(reports).Should().BeEquivalentTo(["ImServerTests.TestCases.trx"], "a refused run removes nothing at all");
        File.Exists(Path.Combine(Root, RepositoryRoot.Marker)).Should().BeTrue();
    }

    [Test]
    public async Task The_home_folder_is_refused_and_its_files_stay()
    {
        var home = Folder("home", AdapterResult, "notes.txt");

        var run = await StartTestRunAsync(home, Folder("reports"), home: home);

        run.ExitCode.Should().NotBe(0);
        run.Output.Should().Contain("the home folder");
        Names(home).Should().BeEquivalentTo(AdapterResult, "notes.txt");
    }

    [Test]
    public async Task A_test_project_run_on_its_own_is_refused_too_by_its_test_host_and_nothing_is_touched()
    {
        var reports = Folder("reports");
        var dll = Path.Combine(Root, "TestCases", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "ImServerTests.TestCases.dll");
        File.Exists(dll).Should().BeTrue($"{dll} is built with the specs");

        var run = await DotnetCommand.RunAsync(Root,
            ["test", dll, "--filter", "FullyQualifiedName~SeedConversationTests", "--results-directory", reports],
            new Dictionary<string, string> { [AllureResultsFolder.Variable] = "/" }, TimeSpan.FromMinutes(2));

        run.ExitCode.Should().NotBe(0);
        run.Output.Should().Contain("ALLURE_RESULTS_DIR='/' names /, the file-system root").And.Contain("Nothing was run and nothing was touched")
            .And.Contain("Failed:     3, Passed:     0");
    }

    // Runs the target `dotnet test` runs before a solution's tests start, with the results folders given.
    private static Task<DotnetResult> StartTestRunAsync(string allureResults, string testResults, bool keep = false, string? home = null)
    {
        var environment = new Dictionary<string, string>
        {
            [AllureResultsFolder.Variable] = allureResults,
            [AllureResultsFolder.KeepVariable] = keep ? "true" : "false",
        };
        if (home is not null)
        {
            environment["HOME"] = home;
        }

        return DotnetCommand.RunAsync(Root,
            ["msbuild", RepositoryRoot.Marker, "-t:StartTestRun", $"-p:ImServerTestResultsFolder={testResults}", "-nologo", "-nodeReuse:false"],
            environment, TimeSpan.FromMinutes(2));
    }

    private string Folder(string name, params string[] files)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder.FullName, name)).FullName;
        foreach (var file in files)
        {
            File.WriteAllText(Path.Combine(folder, file), "x");
        }

        return folder;
    }

    private static IEnumerable<string> Names(string folder) => Directory.GetFiles(folder).Select(f => Path.GetFileName(f)!);
}
