using System.CommandLine;
using System.Diagnostics;
using ImServerTests.Cli;
using ImServerTests.Config;
using ImServerTests.Load.Delivery;
using ImServerTests.Load.Locust;
using ImServerTests.Load.Reports;
using ImServerTests.Load.Stats;
using ImServerTests.Load.Users;
using ImServerTests.TestKit.Scenarios;
using ImServerTests.Server;
using ImServerTests.TestKit.Servers;
using ImServerTests.Shared;

namespace ImServerTests.Load;

/// <summary>The load command's options, and what it does with them: a run on this machine, or a Locust worker.</summary>
public static class LoadCommand
{
    public static readonly Argument<string[]> Scenarios = new("scenarios")
    {
        Description = "Scenario files or folders, each optionally with a weight (FILE.yml:3), relative to the repository root (outside one, to the working directory); "
            + "'delivery' (or delivery:3) is the built-in delivery user, whose customer and teacher's seat send each other numbered messages, each counted as delivered, lost, duplicated, reordered or late. "
            + "Default: IMSERVER_SCENARIOS, else TestCases/Scenarios, and delivery.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static readonly Option<int> Users = new("--users", "-u")
    {
        Description = "How many users play the scenarios at once (this machine only; a Locust master sets its own).",
        DefaultValueFactory = _ => 10,
    };

    public static readonly Option<double> SpawnRate = new("--spawn-rate", "-r")
    {
        Description = "Users started per second until --users are running.",
        DefaultValueFactory = _ => 10,
    };

    public static readonly Option<string> RunTimeOption = new("--run-time", "-t")
    {
        Description = "How long the run lasts from its start: 20s, 5m, 1h30m.",
        DefaultValueFactory = _ => "60s",
        HelpName = "DURATION",
    };

    public static readonly Option<ThinkTime> ThinkTimeOption = new("--think-time")
    {
        Description = "How long each user waits between two of its sessions: " + ThinkTime.Grammar + ". Also as a Locust worker.",
        CustomParser = result => Parsed(result, ThinkTime.Parse),
        DefaultValueFactory = _ => ThinkTime.None,
        HelpName = "DURATION",
    };

    public static readonly Option<bool> StayConnected = new("--stay-connected")
    {
        Description = "Each user keeps its participants' connections (and user ids) open between its sessions and plays the next session on them, "
            + "as real users stay connected between conversations (the delivery user: its customer and the teacher's seat); a closed one is reconnected (with a fresh id; the delivery user's seat with its teacher's), a failed session starts afresh. "
            + "Also as a Locust worker.",
    };

    public static readonly Option<Threshold[]> Thresholds = new("--threshold")
    {
        Description = "A rule the run must keep, else the exit code is 1; repeatable. " + Threshold.Grammar + ". Examples: \"p95(seed-conversation: receipt) < 200ms\", \"lost < 0.01%\", \"p95(relay) < 200ms\".",
        CustomParser = result => [.. result.Tokens.Select(token => Parsed(result, _ => Threshold.Parse(token.Value)))],
        AllowMultipleArgumentsPerToken = false,
        HelpName = "RULE",
    };

    public static readonly Option<string?> Csv = new("--csv")
    {
        Description = "Write the figures in Locust's CSV format to PREFIX_stats.csv and PREFIX_failures.csv.",
        HelpName = "PREFIX",
    };

    public static readonly Option<string?> Json = new("--json")
    {
        Description = "Write a JSON summary of the run to FILE.",
        HelpName = "FILE",
    };

    public static readonly Option<MasterAddress?> LocustMaster = new("--locust-master")
    {
        Description = "Be a worker of the Locust master at HOST[:PORT] (port 5557 unless given): it decides users, spawn rate and run time.",
        CustomParser = result => Parsed(result, MasterAddress.Parse),
        HelpName = "HOST[:PORT]",
    };

    public static RootCommand Create()
    {
        var root = new RootCommand(
            "Plays the regression's YAML scenarios, and a delivery user that counts every message it relays, as many users against the IM server of websocket.yml / IMSERVER_URL (else the embedded server). "
            + "Every connect and expected frame is a request named by its step; a mismatch, timeout, closed connection or contract violation is a failure. "
            + "Every message of the delivery user is a request of method MSG named by its outcome (delivered; the failures lost, duplicated, reordered, late), and its time from send to receive one named relay. "
            + "Exit code 0: every threshold kept (and, without a failures threshold, no failure); 1: not; 2: a wrong command line.")
        {
            Scenarios, Users, SpawnRate, RunTimeOption, ThinkTimeOption, StayConnected, Thresholds, Csv, Json, LocustMaster,
        };
        Scenarios.Validators.Add(result =>
        {
            if (result.Tokens.FirstOrDefault(t => t.Value.StartsWith('-')) is { } option)
            {
                result.AddError($"unknown option '{option.Value}'.");
            }
        });
        Users.Validators.Add(result =>
        {
            if (ValueOf<int>(result) < 1)
            {
                result.AddError("--users must be at least 1.");
            }
        });
        SpawnRate.Validators.Add(result =>
        {
            if (ValueOf<double>(result) <= 0)
            {
                result.AddError("--spawn-rate must be above 0.");
            }
        });
        RunTimeOption.Validators.Add(result =>
        {
            try
            {
                RunTime.Parse(result.GetValueOrDefault<string>() ?? "");
            }
            catch (FormatException e)
            {
                result.AddError($"--run-time {e.Message}.");
            }
        });
        root.SetAction((parsed, stop) => RunAsync(parsed, stop));
        return root;
    }

    private static async Task<int> RunAsync(ParseResult parsed, CancellationToken stop)
    {
        var output = parsed.InvocationConfiguration.Output;
        var error = parsed.InvocationConfiguration.Error;
        var csv = parsed.GetValue(Csv);
        var json = parsed.GetValue(Json);
        var refusals = new[]
        {
            csv is null ? null : OutputFile.Refusal("--csv", csv + "_stats.csv", "Type,Name,Request Count"),
            csv is null ? null : OutputFile.Refusal("--csv", csv + "_failures.csv", "Method,Name,Error,Occurrences"),
            json is null ? null : OutputFile.Refusal("--json", json, RunSummary.JsonStart),
        }.OfType<string>().ToList();
        if (refusals.Count > 0)
        {
            await error.WriteLineAsync("error: " + refusals[0]);
            return ExitCodes.Usage;
        }

        ScenarioMix mix;
        ServerUnderTest target;
        try
        {
            var files = SuiteFiles.OfThisRun();
            mix = ScenarioMix.Load(ScenarioSpecs(parsed.GetValue(Scenarios), files), files.RelativeBase);
            target = await ServerUnderTest.OpenAsync(Environment.GetEnvironmentVariable, files, EmbeddedServer.StartAsync, stop);
        }
        catch (Exception e) when (e is ScenarioException or ConfigurationException or Conformance.ContractException)
        {
            await error.WriteLineAsync("error: " + e.Message);
            return ExitCodes.Usage;
        }

        await using (target)
        {
            if (parsed.GetValue(LocustMaster) is not null)
            {
                mix = mix.WithDelivery(); // the master's locustfile always declares the delivery user
            }

            var stats = new RequestStats();
            await using var pool = new UserPool(mix, target, stats, parsed.GetValue(ThinkTimeOption), parsed.GetValue(StayConnected));
            var where = Secrets.Mask(target.BaseUrl.ToString()) + (target.IsEmbedded ? " (the embedded server, started for this run)" : "");
            if (target.Warning is { } warning)
            {
                await error.WriteLineAsync(warning);
            }

            if (parsed.GetValue(LocustMaster) is { } master)
            {
                await output.WriteLineAsync($"Scenarios {string.Join(", ", mix.Users.Select(s => $"{s.Name} (user class {s.UserClass})"))} against {where}{Pacing(parsed)}");
                return await new LocustWorker(master, pool, stats, output).RunAsync(stop);
            }

            return await RunHereAsync(parsed, mix, pool, stats, where, stop);
        }
    }

    // One machine: ramp up to --users at --spawn-rate, hold until --run-time, stop, then report and judge.
    private static async Task<int> RunHereAsync(ParseResult parsed, ScenarioMix mix, UserPool pool, RequestStats stats, string where, CancellationToken stop)
    {
        var output = parsed.InvocationConfiguration.Output;
        var users = parsed.GetValue(Users);
        var rate = parsed.GetValue(SpawnRate);
        var runTime = RunTime.Parse(parsed.GetValue(RunTimeOption)!);
        await output.WriteLineAsync($"{users} users at {rate}/s for {runTime.TotalSeconds:0} s{Pacing(parsed)}, playing {string.Join(", ", mix.Users.Select(s => $"{s.Name} (weight {s.Weight})"))} against {where}");

        using var end = CancellationTokenSource.CreateLinkedTokenSource(stop);
        end.CancelAfter(runTime);
        using var viewStop = new CancellationTokenSource();
        var view = new LiveView(stats, () => pool.Count, users, Terminal.IsInteractive ? null : output).RunAsync(viewStop.Token);
        var clock = Stopwatch.StartNew();
        try
        {
            for (var running = 0; running < users && !end.IsCancellationRequested;)
            {
                running = Math.Min(users, (int)(clock.Elapsed.TotalSeconds * rate) + 1);
                await pool.SetTargetsAsync(mix.Share(running));
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(1, 1 / rate)), end.Token);
            }

            await Task.Delay(Timeout.Infinite, end.Token);
        }
        catch (OperationCanceledException) when (end.IsCancellationRequested)
        {
            // the run time is over, or Ctrl-C
        }

        var seconds = clock.Elapsed.TotalSeconds;
        await pool.StopAllAsync();
        await viewStop.CancelAsync();
        await view;
        return await ReportAsync(parsed, stats, users, seconds, where);
    }

    private static async Task<int> ReportAsync(ParseResult parsed, RequestStats stats, int users, double seconds, string where)
    {
        var output = parsed.InvocationConfiguration.Output;
        var totals = stats.Totals();
        var thresholds = parsed.GetValue(Thresholds) ?? [];
        var results = thresholds.Select(t => t.Check(totals) is var (kept, measured) ? new ThresholdResult(t.Text, kept, measured) : null!).ToList();
        if (!thresholds.Any(t => t.IsFailureRule))
        {
            // Without a rule of its own about failures, any failure fails the run, as in Locust.
            results.Add(new ThresholdResult("no failure", totals.Total.NumFailures == 0, $"{totals.Total.NumFailures} of {totals.Total.NumRequests} requests failed"));
        }

        if (totals.Total.NumRequests == 0)
        {
            results.Add(new ThresholdResult("some request", false, "no request was made: is the server there?"));
        }

        var summary = RunSummary.Of(where, users, seconds, stats.Sessions, totals, results);
        summary.Write(Terminal.IsInteractive ? null : output);
        if (parsed.GetValue(Csv) is { } prefix)
        {
            OutputFile.Write(prefix + "_stats.csv", StatsCsv.Stats(totals));
            OutputFile.Write(prefix + "_failures.csv", StatsCsv.Failures(totals));
            await output.WriteLineAsync($"{prefix}_stats.csv, {prefix}_failures.csv: the figures in Locust's format");
        }

        if (parsed.GetValue(Json) is { } json)
        {
            OutputFile.Write(json, summary.ToJson());
            await output.WriteLineAsync($"{json}: the run's summary");
        }

        return summary.Passed ? ExitCodes.Success : ExitCodes.Failed;
    }

    // How the users pace themselves, when not back to back with fresh connections: ", thinking 2s-4s, staying connected".
    private static string Pacing(ParseResult parsed) =>
        (parsed.GetValue(ThinkTimeOption) is { IsNone: false } think ? $", thinking {think} between sessions" : "")
        + (parsed.GetValue(StayConnected) ? ", staying connected" : "");

    // The scenarios named on the command line, else the run's scenario folder (IMSERVER_SCENARIOS, else TestCases/Scenarios) and the delivery user.
    private static IEnumerable<string> ScenarioSpecs(string[]? given, SuiteFiles files) =>
        given is { Length: > 0 } ? given : [files.Scenarios(Environment.GetEnvironmentVariable), DeliveryUser.CommandLineName];

    // The option's value for a range check; one that does not parse is reported by the parser itself, so it passes here.
    private static double ValueOf<T>(System.CommandLine.Parsing.OptionResult result)
        where T : IConvertible
    {
        try
        {
            return result.GetValueOrDefault<T>().ToDouble(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return double.MaxValue;
        }
    }

    // A value that does not parse is a usage error naming the option and what is allowed.
    private static T Parsed<T>(System.CommandLine.Parsing.ArgumentResult result, Func<string, T> parse)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        try
        {
            return parse(token);
        }
        catch (FormatException e)
        {
            result.AddError(e.Message);
            return default!;
        }
    }
}
