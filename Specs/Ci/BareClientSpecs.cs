using System.Text.Json;
using ImServerTests.Server;

namespace ImServerTests.Specs.Ci;

/// <summary>
/// The Benchmarks program's bare client, the floor compare.sh measures the load command against: it plays the
/// benchmark conversation through either handshake, counts a refused upgrade as a failure that says why, and never
/// overwrites a file that is already there.
/// </summary>
[AllureEpic("Build and CI")]
[TestFixture]
[Category(Categories.Program)]
[AllureFeature("The load comparison's bare client")]
public sealed class BareClientSpecs
{
    [TestCase("ClientWebSocket")]
    [TestCase("SocketStream")]
    public async Task Plays_the_conversation_against_the_embedded_server_without_a_failure(string handshake)
    {
        await using var server = await ImServer.StartAsync(new ImServerOptions());
        var json = NewPath();

        var (code, output, error) = await ProgramRun.RunAsync("Benchmarks", Arguments(server.BaseUrl, handshake, json));

        var result = JsonDocument.Parse(await File.ReadAllTextAsync(json)).RootElement;
        using (new AssertionScope())
        {
            code.Should().Be(0, error);
            result.GetProperty("sessions").GetInt64().Should().BePositive();
            result.GetProperty("failures").GetInt64().Should().Be(0);
            result.GetProperty("seconds").GetDouble().Should().BeInRange(1, 2.01);
            output.Should().Contain($"bare client ({handshake}): ").And.Contain(", 0 failures");
            server.UnexpectedErrorCount.Should().Be(0);
        }
    }

    [TestCase("ClientWebSocket")]
    [TestCase("SocketStream")]
    public async Task A_refused_upgrade_is_a_failure_that_says_why(string handshake)
    {
        await using var server = await ImServer.StartAsync(new ImServerOptions());
        var nowhere = new Uri(server.BaseUrl, "/no-such-path");
        var json = NewPath();

        var (code, _, error) = await ProgramRun.RunAsync("Benchmarks", Arguments(nowhere, handshake, json));

        var result = JsonDocument.Parse(await File.ReadAllTextAsync(json)).RootElement;
        using (new AssertionScope())
        {
            code.Should().Be(1);
            result.GetProperty("sessions").GetInt64().Should().Be(0);
            result.GetProperty("failures").GetInt64().Should().BePositive();
            error.Should().Contain("bare client: a session failed: ").And.Contain("404");
        }
    }

    [Test]
    public async Task A_results_file_that_exists_is_refused_and_left_as_it_is()
    {
        var json = NewPath();
        await File.WriteAllTextAsync(json, "mine");
        try
        {
            var (code, _, error) = await ProgramRun.RunAsync("Benchmarks", Arguments(new Uri("ws://127.0.0.1:9/pinter/imserver"), "SocketStream", json));

            using (new AssertionScope())
            {
                code.Should().Be(2);
                error.Should().Contain($"{json} exists; name a new file");
                (await File.ReadAllTextAsync(json)).Should().Be("mine");
            }
        }
        finally
        {
            File.Delete(json);
        }
    }

    private static string[] Arguments(Uri url, string handshake, string json) =>
        ["bare-client", "--url", url.ToString(), "--users", "3", "--seconds", "2", "--handshake", handshake, "--json", json];

    private static string NewPath() => Path.Combine(Path.GetTempPath(), $"bare-client-{Guid.NewGuid():N}.json");
}
