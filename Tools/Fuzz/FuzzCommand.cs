using System.CommandLine;
using ImServerTests.Cli;
using ImServerTests.Config;
using ImServerTests.Conformance;
using ImServerTests.Server;
using ImServerTests.Shared;
using ImServerTests.TestKit.Fuzzing;
using ImServerTests.TestKit.Servers;

namespace ImServerTests.Fuzz;

/// <summary>
/// The fuzz command: a long session of generated conversations against any server (a URL, else the server the
/// variables and websocket.yml name, else the embedded one), with progress on the terminal and plain lines in a log; a
/// failure is shrunk, printed with its seed and its regression scenario, and written to --scenario. Exit code 0: every
/// property kept; 1: a failure, or a server or setting that cannot be used; 2: a wrong command line.
/// </summary>
internal static class FuzzCommand
{
    private static readonly Option<string?> UrlOption = new("--url")
    {
        Description = "The server's base URL (ws:// or wss://; the user id is appended). Default: IMSERVER_URL, else websocket.yml's environment (the embedded server is started for it).",
        HelpName = "URL",
    };

    private static readonly Option<string?> SeedOption = new("--seed")
    {
        Description = "Play the case of this seed (as a failure prints it) and go on shrinking it, instead of searching.",
        HelpName = "SEED",
    };

    private static readonly Option<string?> DurationOption = new("--duration")
    {
        Description = $"How long to search: {Duration.Grammar}. Default: websocket.yml's fuzz.seconds.",
        HelpName = "DURATION",
    };

    private static readonly Option<string?> ShrinkOption = new("--shrink")
    {
        Description = $"How long to go on shrinking a failure: {Duration.Grammar}. Default: websocket.yml's fuzz.shrinkSeconds.",
        HelpName = "DURATION",
    };

    private static readonly Option<FileInfo?> ScenarioOption = new("--scenario")
    {
        Description = "Where to write a failure's regression scenario (refused if the file exists, unless --force).",
        HelpName = "FILE",
    };

    private static readonly Option<bool> ForceOption = new("--force") { Description = "Replace the --scenario file if it exists." };

    public static RootCommand Create()
    {
        var root = new RootCommand("Fuzzes the IM server's protocol from its AsyncAPI contract: generated frames and conversations (CsCheck), every "
            + "property checked at every step, a failure shrunk to its smallest case, printed with its seed and as a regression scenario. Exit code 0: no failure; 1: a failure.")
        {
            UrlOption, SeedOption, DurationOption, ShrinkOption, ScenarioOption, ForceOption,
        };
        foreach (var option in new[] { DurationOption, ShrinkOption })
        {
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<string?>() is { } text)
                {
                    try
                    {
                        Duration.Parse(text);
                    }
                    catch (FormatException e)
                    {
                        result.AddError($"{option.Name} {e.Message}");
                    }
                }
            });
        }

        root.SetAction((parsed, stop) => RunAsync(parsed, stop));
        return root;
    }

    private static async Task<int> RunAsync(ParseResult parsed, CancellationToken stop)
    {
        var output = parsed.InvocationConfiguration.Output;
        var errors = parsed.InvocationConfiguration.Error;
        var scenario = parsed.GetValue(ScenarioOption);
        if (scenario is { Exists: true } && !parsed.GetValue(ForceOption))
        {
            await errors.WriteLineAsync($"error: {scenario} exists and was left as it is; give --force to replace it, or choose another --scenario FILE");
            return ExitCodes.Failed;
        }

        var url = parsed.GetValue(UrlOption);
        string? Variables(string name) => name == EnvironmentVariables.Url && url is not null ? url : Environment.GetEnvironmentVariable(name);
        ServerUnderTest server;
        try
        {
            server = await ServerUnderTest.OpenAsync(Variables, SuiteFiles.OfThisRun(), EmbeddedServer.StartAsync, stop);
        }
        catch (Exception e) when (e is ConfigurationException or ContractException)
        {
            await errors.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Failed;
        }

        await using (server)
        {
            var budget = server.Settings.Fuzz;
            var search = parsed.GetValue(DurationOption) is { } d ? Duration.Parse(d) : budget.Search;
            var shrink = parsed.GetValue(ShrinkOption) is { } s ? Duration.Parse(s) : budget.Shrink;
            await using var target = await FuzzTarget.OpenAsync(server, stop);
            await output.WriteLineAsync($"Fuzzing {target.BaseUrl} ({server.Description}): search {search.TotalSeconds:0} s, shrink {shrink.TotalSeconds:0} s");
            var progress = new Progress("fuzz", 2, Terminal.IsInteractive ? null : output);
            var lastLine = TimeSpan.Zero;
            var session = new FuzzSession(target, new FuzzOptions(search, shrink, parsed.GetValue(SeedOption)))
            {
                Progress = p =>
                {
                    // A line a second in a terminal's status, one every ten seconds in a log.
                    if (p.Elapsed - lastLine < (Terminal.IsInteractive ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(10)))
                    {
                        return;
                    }

                    lastLine = p.Elapsed;
                    progress.Started($"{p.Phase}: {p.Cases:#,0} cases, {p.Elapsed.TotalSeconds:0} s{(p.Found ? ", a failure found" : "")}");
                },
            };
            var report = await progress.RunAsync(async _ => await session.RunAsync(stop));
            if (report.Failure is null)
            {
                await output.WriteLineAsync(report.Headline);
                return ExitCodes.Success;
            }

            var replayed = await session.ReplayAsync(report.Seed!, stop);
            if (scenario is not null)
            {
                Directory.CreateDirectory(scenario.DirectoryName!);
                await File.WriteAllTextAsync(scenario.FullName, RegressionCase.Yaml(report), stop);
            }

            await output.WriteLineAsync(FuzzRun.Message(report, replayed, scenario?.FullName));
            return ExitCodes.Failed;
        }
    }
}
