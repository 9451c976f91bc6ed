namespace ImServerTests.Specs.Shared;

/// <summary>The working folder of the fault proof, the benchmarks and the browser recording: new, and only it removed.</summary>
[AllureEpic("Shared")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Working folders")]
public sealed class TemporaryFolderSpecs
{
    [Test]
    public void A_working_folder_is_new_and_its_removal_leaves_a_users_folder_beside_it()
    {
        var users = Directory.CreateTempSubdirectory("users-work-");
        try
        {
            File.WriteAllText(Path.Combine(users.FullName, "notes.txt"), "mine");
            string path;
            using (var work = TemporaryFolder.Create("users-work-"))
            {
                path = work.Path;
                path.Should().NotBe(users.FullName);
                Directory.EnumerateFileSystemEntries(path).Should().BeEmpty("the folder is made new, never one that was there");
                File.WriteAllText(Path.Combine(path, "run.trx"), "x");
                Directory.CreateDirectory(Path.Combine(path, "allure-correct-server"));
            }

            Directory.Exists(path).Should().BeFalse("the working folder and all it holds are the tool's own");
            File.ReadAllText(Path.Combine(users.FullName, "notes.txt")).Should().Be("mine");
        }
        finally
        {
            users.Delete(recursive: true);
        }
    }

    [Test]
    public void Removing_a_working_folder_twice_is_harmless()
    {
        var work = TemporaryFolder.Create("twice-");
        Directory.Delete(work.Path);

        work.Invoking(w => w.Dispose()).Should().NotThrow();
    }
}
