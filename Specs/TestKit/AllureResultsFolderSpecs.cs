using ImServerTests.TestKit.Reporting;
namespace ImServerTests.Specs.TestKit;

/// <summary>
/// The one rule for the results folder: where it is, which folders are refused, and that cleaning removes the
/// adapter's files and nothing else, beside a user's files and folders.
/// </summary>
[TestFixture]
[Category(Categories.Spec)]
[AllureEpic("Report adapter")]
[AllureFeature("The results folder")]
public sealed class AllureResultsFolderSpecs
{
    private const string Uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private const string Root = "/srv/checkout/imservertests";

    private DirectoryInfo _folder = null!;

    [SetUp]
    public void NewFolder() => _folder = Directory.CreateTempSubdirectory("allure-rule-");

    [TearDown]
    public void RemoveFolder() => _folder.Delete(recursive: true);

    [TestCase(null, "/srv/checkout/imservertests/allure-results")]
    [TestCase("", "/srv/checkout/imservertests/allure-results")]
    [TestCase("  ", "/srv/checkout/imservertests/allure-results")]
    [TestCase("out/allure", "/srv/checkout/imservertests/out/allure")]
    [TestCase("../results", "/srv/checkout/results")]
    [TestCase("/tmp/allure", "/tmp/allure")]
    public void A_relative_value_is_taken_from_the_repository_root_and_an_absolute_one_as_given(string? value, string expected)
    {
        Assume.That(Path.DirectorySeparatorChar, Is.EqualTo('/'), "the paths of these cases are Unix paths");

        AllureResultsFolder.Resolve(value, Root).Should().Be(expected);
    }

    [TestCase("/srv/checkout/imservertests", "the repository root")]
    [TestCase("/srv/checkout/imservertests/", "the repository root")]
    [TestCase("/srv/checkout", "a folder that holds the repository")]
    [TestCase("/", "the file-system root")]
    [TestCase("/home/qa", "the home folder")]
    public void A_folder_that_holds_other_work_is_refused_naming_the_variable_its_value_and_what_is_allowed(string value, string what)
    {
        Assume.That(Path.DirectorySeparatorChar, Is.EqualTo('/'), "the paths of these cases are Unix paths");

        var refusal = AllureResultsFolder.Refusal(value, AllureResultsFolder.Resolve(value, Root), Root, "/home/qa");

        refusal.Should().StartWith($"ALLURE_RESULTS_DIR='{value}' names ")
            .And.Contain(what)
            .And.Contain("Nothing was run and nothing was touched")
            .And.Contain("A relative path is taken from the repository root (ALLURE_RESULTS_DIR=allure-results)");
    }

    [TestCase("allure-results")]
    [TestCase("/tmp/allure")]
    [TestCase("/srv/checkout/other")]
    [TestCase("/home/qa/results")]
    public void A_folder_of_its_own_is_allowed(string value)
    {
        Assume.That(Path.DirectorySeparatorChar, Is.EqualTo('/'), "the paths of these cases are Unix paths");

        AllureResultsFolder.Refusal(value, AllureResultsFolder.Resolve(value, Root), Root, "/home/qa").Should().BeNull();
    }

    [Test]
    public void A_file_is_refused_as_the_results_folder()
    {
        var file = Path.Combine(_folder.FullName, "results");
        File.WriteAllText(file, "mine");

        AllureResultsFolder.Refusal(file, file, Root, null).Should().Contain("a file, not a folder");
        File.ReadAllText(file).Should().Be("mine");
    }

    [Test]
    public void Cleaning_removes_the_adapters_files_and_leaves_a_users_files_and_folders()
    {
        string[] adapters =
        [
            $"testcases-{Uuid}-result.json", $"framework-tests-{Uuid}-container.json", $"testcases-{Uuid}-attachment.json",
            $"testcases-{Uuid}-attachment", "environment.properties", "categories.json", "executor.json",
            ".environment.properties.0123456789abcdef0123456789abcdef",
        ];
        string[] users = ["notes.txt", "my-result.json", $"{Uuid}-result.json", $"Testcases-{Uuid}-result.json", $"testcases-{Uuid}-result.json.bak"];
        Write(adapters.Concat(users));
        var sub = Directory.CreateDirectory(Path.Combine(_folder.FullName, $"testcases-{Uuid}-result.json.d"));
        File.WriteAllText(Path.Combine(sub.FullName, "keep.txt"), "mine");

        var removed = AllureResultsFolder.RemoveAdapterFiles(_folder.FullName);

        removed.Should().BeEquivalentTo(adapters);
        Names().Should().BeEquivalentTo(users, "only the adapter's files are removed");
        File.ReadAllText(Path.Combine(sub.FullName, "keep.txt")).Should().Be("mine", "no folder is removed, nor what is in it");
    }

    [Test]
    public void An_assembly_removes_only_its_own_earlier_results_and_keeps_the_run_files()
    {
        Write([$"testcases-{Uuid}-result.json", $"embeddedserver-tests-{Uuid}-result.json", "environment.properties", "notes.txt"]);

        AllureResultsFolder.RemoveAdapterFiles(_folder.FullName, ResultsDirectory.PrefixOf("ImServerTests.TestCases"));

        Names().Should().BeEquivalentTo($"embeddedserver-tests-{Uuid}-result.json", "environment.properties", "notes.txt");
    }

    [Test]
    public void Cleaning_a_folder_that_does_not_exist_removes_nothing_and_makes_nothing()
    {
        var missing = Path.Combine(_folder.FullName, "missing");

        AllureResultsFolder.RemoveAdapterFiles(missing).Should().BeEmpty();
        Directory.Exists(missing).Should().BeFalse();
    }

    [Test]
    public void Cleaning_TestResults_removes_this_repositorys_reports_only()
    {
        Write(["ImServerTests.TestCases.trx", "ImServerTests.Specs.junit.xml", "mine.trx", "ImServerTests.TestCases.trx.old", "coverage.xml"]);

        AllureResultsFolder.RemoveRunReports(_folder.FullName).Should().BeEquivalentTo("ImServerTests.TestCases.trx", "ImServerTests.Specs.junit.xml");

        Names().Should().BeEquivalentTo("mine.trx", "ImServerTests.TestCases.trx.old", "coverage.xml");
    }

    private void Write(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            File.WriteAllText(Path.Combine(_folder.FullName, name), "x");
        }
    }

    private IEnumerable<string> Names() => _folder.GetFiles().Select(f => f.Name);
}
