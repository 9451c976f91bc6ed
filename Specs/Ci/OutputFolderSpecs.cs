using System.Diagnostics;

namespace ImServerTests.Specs.Ci;

/// <summary>
/// Tools/Npm/output-folder.mjs, through which `npm run report`, `npm run report:allure2` and `npm run contract:docs`
/// write: run for real with Node beside a user's files. It replaces its own earlier output, refuses a folder that
/// holds anything else, and leaves no temporary folder behind, even when the command fails.
/// </summary>
[AllureEpic("Build and CI")]
[TestFixture]
[Category(Categories.Program)]
[AllureFeature("The output folders of the npm commands")]
public sealed class OutputFolderSpecs
{
    private static readonly string Tool = Path.Combine(RepositoryRoot.Find(), "Tools", "Npm", "output-folder.mjs");

    private DirectoryInfo _folder = null!;
    private string _temporary = null!;

    [SetUp]
    public void NewFolders()
    {
        _folder = Directory.CreateTempSubdirectory("output-folder-");
        _temporary = Directory.CreateDirectory(Path.Combine(_folder.FullName, "tmp")).FullName;
    }

    [TearDown]
    public void RemoveFolders() => _folder.Delete(recursive: true);

    [Test]
    public async Task A_missing_folder_gets_the_output_and_a_manifest()
    {
        var output = Path.Combine(_folder.FullName, "report");

        var (code, text) = await WriteAsync(output, "index.html", "data/a.json");

        code.Should().Be(0, text);
        Files(output).Should().BeEquivalentTo(".imservertests-output.json", "index.html", "data/a.json");
        Directory.EnumerateFileSystemEntries(_temporary).Should().BeEmpty("the command's temporary folder is removed");
    }

    [Test]
    public async Task The_commands_own_earlier_output_is_replaced()
    {
        var output = Path.Combine(_folder.FullName, "report");
        (await WriteAsync(output, "index.html", "data/old.json")).Code.Should().Be(0);

        var (code, text) = await WriteAsync(output, "index.html", "data/new.json");

        code.Should().Be(0, text);
        Files(output).Should().BeEquivalentTo(".imservertests-output.json", "index.html", "data/new.json");
    }

    [Test]
    public async Task A_folder_with_a_users_file_is_refused_and_left_as_it_is()
    {
        var output = Directory.CreateDirectory(Path.Combine(_folder.FullName, "report")).FullName;
        File.WriteAllText(Path.Combine(output, "notes.txt"), "mine");
        File.WriteAllText(Path.Combine(output, "index.html"), "my page");

        var (code, text) = await WriteAsync(output, "index.html");

        code.Should().Be(1);
        text.Should().Contain($"{output} holds files this command did not write (index.html, notes.txt), so it is left as it is and nothing was written");
        Files(output).Should().BeEquivalentTo("notes.txt", "index.html");
        File.ReadAllText(Path.Combine(output, "index.html")).Should().Be("my page");
    }

    [Test]
    public async Task A_users_file_added_to_the_commands_own_output_stops_the_next_run()
    {
        var output = Path.Combine(_folder.FullName, "report");
        (await WriteAsync(output, "index.html", "data/a.json")).Code.Should().Be(0);
        File.WriteAllText(Path.Combine(output, "data", "notes.txt"), "mine");

        var (code, text) = await WriteAsync(output, "index.html");

        code.Should().Be(1);
        text.Should().Contain("data/notes.txt");
        Files(output).Should().Contain(["data/notes.txt", "data/a.json"], "nothing is removed when the run is refused");
    }

    [Test]
    public async Task A_file_in_place_of_the_folder_is_refused()
    {
        var output = Path.Combine(_folder.FullName, "report");
        File.WriteAllText(output, "mine");

        var (code, text) = await WriteAsync(output, "index.html");

        code.Should().Be(1);
        text.Should().Contain("is a file, not a folder; it is left as it is");
        File.ReadAllText(output).Should().Be("mine");
    }

    [Test]
    public async Task A_command_that_fails_leaves_the_earlier_output_and_no_temporary_folder()
    {
        var output = Path.Combine(_folder.FullName, "report");
        (await WriteAsync(output, "index.html")).Code.Should().Be(0);

        var (code, text) = await RunAsync(output, "node", "-e", "process.exit(3)");

        code.Should().Be(1);
        text.Should().Contain("failed (exit code 3)");
        Files(output).Should().BeEquivalentTo(".imservertests-output.json", "index.html");
        Directory.EnumerateFileSystemEntries(_temporary).Should().BeEmpty();
    }

    // The command writes each named file, with its folders, into the temporary folder it is given.
    private Task<(int Code, string Text)> WriteAsync(string output, params string[] files) =>
        RunAsync(output, ["node", "-e",
            "const fs=require('fs'),p=require('path');for(const f of process.argv.slice(2)){const t=p.join(process.argv[1],f);fs.mkdirSync(p.dirname(t),{recursive:true});fs.writeFileSync(t,f);}",
            "{out}", .. files]);

    private async Task<(int Code, string Text)> RunAsync(string output, params string[] command)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Tool);
        start.ArgumentList.Add(output);
        start.ArgumentList.Add("--");
        foreach (var argument in command)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TMPDIR"] = _temporary;
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Ignore("node is not on PATH: install Node.js 20+ (the README's prerequisites for the report)");
            throw;
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(deadline.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
    }

    private static IEnumerable<string> Files(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'));
}
