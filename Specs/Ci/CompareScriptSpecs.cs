using System.Diagnostics;

namespace ImServerTests.Specs.Ci;

/// <summary>
/// Tools/Benchmarks/load/compare.sh keeps its logs only in a new or empty COMPARE_KEEP folder: run for real beside a
/// user's file, it refuses at once and leaves the file as it is.
/// </summary>
[AllureEpic("Build and CI")]
[TestFixture]
[Category(Categories.Program)]
[AllureFeature("The load comparison's kept logs")]
public sealed class CompareScriptSpecs
{
    private static readonly string Script = Path.Combine(RepositoryRoot.Find(), "Tools", "Benchmarks", "load", "compare.sh");

    [Test]
    public async Task A_keep_folder_holding_a_users_file_is_refused_and_left_as_it_is()
    {
        var folder = Directory.CreateTempSubdirectory("compare-keep-");
        try
        {
            var mine = Path.Combine(folder.FullName, "notes.txt");
            await File.WriteAllTextAsync(mine, "mine");
            var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add(Script);
            start.Environment["COMPARE_KEEP"] = folder.FullName;
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            try
            {
                // The refusal comes before anything is built or run; a script that goes on is stopped, not awaited.
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            await output;

            process.ExitCode.Should().Be(2);
            (await errors).Should().Contain("is not empty: name a new or empty folder");
            Directory.EnumerateFileSystemEntries(folder.FullName).Should().Equal(mine);
            (await File.ReadAllTextAsync(mine)).Should().Be("mine");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
