namespace ImServerTests.Specs.Ci;

/// <summary>The fuzz command refuses what it cannot use before it starts a session: a scenario file that exists, a duration it cannot read.</summary>
[AllureEpic("Build and CI")]
[TestFixture]
[Category(Categories.Program)]
[AllureFeature("The programs' command lines")]
public sealed class FuzzCommandSpecs
{
    [Test]
    public async Task A_scenario_file_that_exists_is_left_as_it_is_without_force()
    {
        using var folder = TemporaryFolder.Create("fuzz-command-");
        var file = Path.Combine(folder.Path, "found.yml");
        await File.WriteAllTextAsync(file, "kept");

        var (code, _, error) = await ProgramRun.RunAsync("Fuzz", ["--scenario", file, "--duration", "1"]);

        code.Should().Be(1);
        error.Trim().Should().Be($"error: {file} exists and was left as it is; give --force to replace it, or choose another --scenario FILE");
        (await File.ReadAllTextAsync(file)).Should().Be("kept");
    }

    [Test]
    public async Task A_duration_it_cannot_read_is_a_usage_error_that_says_what_to_write()
    {
        var (code, _, error) = await ProgramRun.RunAsync("Fuzz", ["--shrink", "soon"]);

        code.Should().Be(2);
        error.Should().StartWith("error: --shrink is 'soon': write 90s, 10m, 1h30m or a number of seconds. Usage: ");
    }
}
