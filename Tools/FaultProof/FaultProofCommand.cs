using System.CommandLine;
using System.Net;
using ImServerTests.Cli;
using ImServerTests.Config;
using ImServerTests.Server;
using ImServerTests.Server.Conversation;
using ImServerTests.Server.Faults;
using ImServerTests.TestKit.Servers;
using ImServerTests.Shared;

namespace ImServerTests.FaultProof;

/// <summary>The fault proof's command line and its run: every fault, with progress a person can follow, then the table.</summary>
internal static class FaultProofCommand
{
    private static readonly Option<int> Parallel = new("--parallel")
    {
        Description = "How many runs of the suite go side by side.",
        DefaultValueFactory = _ => 2,
        HelpName = "N",
    };

    static FaultProofCommand() => Parallel.Validators.Add(result =>
    {
        try
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--parallel needs a whole number of at least 1");
            }
        }
        catch (InvalidOperationException)
        {
            // a value that does not parse is reported by the parser
        }
    });

    /// <summary>How long the delaying proxy holds each chunk, each way: well inside the suite's latency budgets.</summary>
    private static readonly (TimeSpan Min, TimeSpan Max) NetworkDelay = (TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(250));

    public static RootCommand Create()
    {
        var root = new RootCommand("Proves the suite catches server defects: runs the ImServer cases once per fault of the embedded server, the legal variations "
            + "(one of them a slow network) and an unreachable URL, and the Security cases against a server that trusts from. Build first (dotnet build). Exit code 0: proven; 1: not.")
        {
            Parallel,
        };
        root.SetAction((parsed, stop) => ProveAsync(parsed.GetValue(Parallel), stop));
        return root;
    }

    private static async Task<int> ProveAsync(int parallel, CancellationToken stop)
    {
        var root = RepositoryRoot.Find();

        // The proof's own TRX and Allure files go to a working folder of its own, removed at the end whatever happens.
        using var workFolder = TemporaryFolder.Create("imserver-fault-proof-");
        var work = workFolder.Path;
        var noVariables = new Dictionary<string, string>();

        // A server that trusts from, like the real one: the embedded server as it ships, whatever this shell's
        // variables say (they are the runs' to set). Its timeouts bound the runs.
        await using var pinterLike = await ServerUnderTest.OpenAsync(
            name => name == EnvironmentVariables.Environment ? "embedded" : null, SuiteFiles.OfThisRun(), EmbeddedServer.StartAsync, stop);
        var embedded = pinterLike.Settings.Environment.Timeouts;

        // The real server's 1-3 s teacher, reached by URL, so the suite runs with the settings a named server gets
        // (websocket.yml's defaults, sized for the real server): the embedded environment's budgets are for a
        // teacher that thinks 10-30 ms, and a teacher seconds slower than that breaks them, as it should.
        await using var slowServer = await ImServer.StartAsync(new ImServerOptions { ReplyDelay = ThinkTime.RealServer }, stop);
        var byUrlTimeouts = SettingsLoader.Load(
            name => name == EnvironmentVariables.Url ? slowServer.BaseUrl.ToString() : Environment.GetEnvironmentVariable(name), SuiteFiles.OfThisRun()).Environment.Timeouts;
        var runs = FaultCatalogue.All.Select(f => f == FaultCatalogue.RealThinkTime ? RealThinkTimeRun(f, slowServer.BaseUrl, byUrlTimeouts.Receive) : FaultRun(f, work)).ToList();

        // A legal variation of the network, not of the server: the same slow teacher behind a proxy that delays
        // every chunk each way.
        await using var slowNetwork = DelayingProxy.Start(new IPEndPoint(IPAddress.Loopback, slowServer.BaseUrl.Port), NetworkDelay.Min, NetworkDelay.Max);
        var throughProxy = new Dictionary<string, string> { [EnvironmentVariables.Url] = $"ws://127.0.0.1:{slowNetwork.Port}{ImServer.Path}" };
        var throughProxyTimeouts = byUrlTimeouts;
        runs.Add(new ProofRun("network-latency",
            $"legal: the real server's 1-3 s teacher behind a network that delays every chunk {NetworkDelay.Min.TotalMilliseconds:0}-{NetworkDelay.Max.TotalMilliseconds:0} ms each way",
            Categories.ImServer, Verdict.AllPass, throughProxy)
        {
            PerCase = throughProxyTimeouts.Receive,
            Problem = () => slowNetwork.Accepted == 0 ? "no connection went through the delaying proxy: the run did not use IMSERVER_URL" : null,
        });
        // Protocol fuzzing keeps every property against the correct server and its legal variations too.
        runs.Add(new ProofRun("correct-server (fuzz)", "the correct server, fuzzed", Categories.Fuzz, Verdict.AllPass, noVariables));
        runs.Add(FuzzLegalRun(FaultCatalogue.ReplyBeforeReceipt, new Dictionary<string, string> { [EnvironmentVariables.EmbeddedFault] = FaultCatalogue.ReplyBeforeReceipt.Name }, null));
        runs.Add(FuzzLegalRun(FaultCatalogue.RealThinkTime, new Dictionary<string, string> { [EnvironmentVariables.Url] = slowServer.BaseUrl.ToString() }, byUrlTimeouts.Receive));
        runs.Add(new ProofRun("network-latency (fuzz)", "legal: the real server's 1-3 s teacher behind the delaying proxy, fuzzed", Categories.Fuzz, Verdict.AllPass, throughProxy)
        {
            PerCase = throughProxyTimeouts.Receive,
        });
        runs.Add(new ProofRun("unreachable-url", "nothing listens at the URL", Categories.ImServer, Verdict.SomeFail,
            new Dictionary<string, string> { [EnvironmentVariables.Url] = $"ws://127.0.0.1:{FreePort.Next()}/pinter/imserver" }));
        runs.Add(new ProofRun("security-pinter-like", "a server that trusts from, like the real one: every Security case names its weakness", Categories.Security, Verdict.AllFail,
            new Dictionary<string, string> { [EnvironmentVariables.Url] = pinterLike.BaseUrl.ToString(), [EnvironmentVariables.Environment] = "embedded" }));

        // The faults that only many messages show for sure, and the correct server, through the load command's delivery user.
        List<ProofRun> loadRuns =
        [
            LoadRun("load: correct-server", "the correct server: no message lost, reordered or duplicated", Verdict.AllPass, Fault.None),
            LoadRun("load: relay-lost", FaultCatalogue.RelayLost.Description, Verdict.SomeFail, FaultCatalogue.RelayLost),
            LoadRun("load: relay-reordered", FaultCatalogue.RelayReordered.Description, Verdict.SomeFail, FaultCatalogue.RelayReordered),
        ];

        var progress = new Progress("fault proof", runs.Count + loadRuns.Count + 1 + (2 * runs.Count(r => r.FuzzScenarios is not null)));
        var outcomes = await progress.RunAsync(async progress =>
        {
            // The correct run first: it says how many cases there are, and so how long a run may take.
            var correct = new ProofRun("correct-server", "the correct server", Categories.ImServer, Verdict.AllPass, noVariables);
            progress.Started(correct.Name);
            var first = await new RegressionRunner(root, work, TimeSpan.FromMinutes(10)).RunAsync(correct, stop);
            progress.Finished(Line(first));
            TimeSpan Bound(ProofRun run) => TimeSpan.FromSeconds(60) + (first.Total * (run.PerCase ?? embedded.Receive));
            var otherBounds = string.Concat(runs.Where(r => r.PerCase is not null).Select(r => $", {Bound(r).TotalSeconds:0} s for {r.Name}"));
            Console.WriteLine($"{first.Total} ImServer cases. Running the suite {runs.Count} more times, {parallel} at a time; "
                + $"bound per run {Bound(correct).TotalSeconds:0} s{otherBounds}.");

            using var gate = new SemaphoreSlim(parallel);
            var caught = 0;
            var rest = await Task.WhenAll(runs.Select(async run =>
            {
                await gate.WaitAsync(CancellationToken.None);
                try
                {
                    progress.Started(run.Name);
                    var outcome = await new RegressionRunner(root, work, Bound(run)).RunAsync(run, stop);
                    if (outcome.Error is null && !outcome.TimedOut && run.Problem?.Invoke() is { } problem)
                    {
                        outcome = outcome with { Error = problem };
                    }

                    if (outcome.Proven && outcome.Run.Expected != Verdict.AllPass)
                    {
                        progress.Tally = $"caught {Interlocked.Increment(ref caught)}";
                    }

                    progress.Finished(Line(outcome));
                    if (run.FuzzScenarios is null)
                    {
                        return new List<Outcome> { outcome };
                    }

                    // The scenario the Fuzz run wrote must fail against the fault and pass against the correct server.
                    var scenario = await ScenarioProof.RunAsync(run, root, work, Bound(correct), stop);
                    scenario.ForEach(o => progress.Finished(Line(o)));
                    return new List<Outcome> { outcome }.Concat(scenario).ToList();
                }
                finally
                {
                    gate.Release();
                }
            }));
            var loads = new List<Outcome>();
            foreach (var run in loadRuns)
            {
                progress.Started(run.Name);
                var outcome = await new LoadProofRunner(root, TimeSpan.FromMinutes(3)).RunAsync(run, stop);
                progress.Finished(Line(outcome));
                loads.Add(outcome);
            }

            return new List<Outcome> { first }.Concat(rest.SelectMany(r => r)).Concat(loads).ToList();
        });

        Console.WriteLine();
        Terminal.WriteTable(["run", "category", "expected", "verdict", "contract", "YAML scenarios failed", "time", "caught by", "message"], outcomes.Select(Row));
        var unproven = outcomes.Where(o => !o.Proven).ToList();
        Console.WriteLine();
        if (stop.IsCancellationRequested)
        {
            Console.WriteLine("Stopped before the end: the proof is incomplete.");
            return ExitCodes.Failed;
        }

        Console.WriteLine(unproven.Count == 0
            ? "Every fault caught (each frame-shape fault by a contract violation), every legal variation green, every Security case names its weakness, no run over its bound."
            : $"NOT PROVEN: {string.Join(", ", unproven.Select(o => o.Run.Name))}");
        return unproven.Count == 0 ? ExitCodes.Success : ExitCodes.Failed;
    }

    // A defect only odd input shows is the Fuzz category's to catch, and its shrunk case's scenario is proven after it.
    private static ProofRun FaultRun(Fault fault, string work) =>
        fault.ShownByOddInput
            ? new(fault.Name, fault.Description, Categories.Fuzz, Verdict.SomeFail,
                new Dictionary<string, string> { [EnvironmentVariables.EmbeddedFault] = fault.Name, [EnvironmentVariables.FuzzScenarios] = Path.Combine(work, "fuzz-" + fault.Name) })
            {
                FuzzScenarios = Path.Combine(work, "fuzz-" + fault.Name),
            }
            : new(fault.Name, fault.Description, Categories.ImServer, fault.IsDefect ? Verdict.SomeFail : Verdict.AllPass,
                new Dictionary<string, string> { [EnvironmentVariables.EmbeddedFault] = fault.Name }, ContractMustCatch: fault.BreaksFrameShape);

    private static ProofRun FuzzLegalRun(Fault fault, Dictionary<string, string> environment, TimeSpan? perCase) =>
        new($"{fault.Name} (fuzz)", fault.Description + ", fuzzed", Categories.Fuzz, Verdict.AllPass, environment) { PerCase = perCase };

    private static ProofRun LoadRun(string name, string description, Verdict expected, Fault fault) =>
        new(name, $"{description}; load thresholds {string.Join(", ", LoadProofRunner.Thresholds)}", "Load", expected,
            new Dictionary<string, string> { [EnvironmentVariables.EmbeddedFault] = fault == Fault.None ? "" : fault.Name, [EnvironmentVariables.Environment] = "embedded" });

    private static ProofRun RealThinkTimeRun(Fault fault, Uri slowServer, TimeSpan receive) =>
        new(fault.Name, fault.Description + ", reached by URL", Categories.ImServer, Verdict.AllPass,
            new Dictionary<string, string> { [EnvironmentVariables.Url] = slowServer.ToString() })
        {
            PerCase = receive,
        };

    private static string Line(Outcome outcome) =>
        $"{(outcome.Proven ? "ok  " : "FAIL")} {outcome.Run.Name} ({outcome.Elapsed.TotalSeconds:0.0} s, {outcome.Failures.Count}/{outcome.Total} failed)";

    private static IReadOnlyList<string> Row(Outcome o)
    {
        var firstFailure = o.Failures.FirstOrDefault();
        var caughtBy = o.Failures.Count == 0 ? "-" : $"{firstFailure.Test}{(o.Failures.Count > 1 ? $" (+{o.Failures.Count - 1})" : "")}";
        var verdict = o.TimedOut ? "HUNG" : o.Error is not null ? "ERROR" : (o.Proven, o.Run.Expected) switch
        {
            (true, Verdict.AllPass) => "green",
            (true, Verdict.SomeFail) => "caught",
            (true, _) => $"all {o.Total} fail",
            (false, Verdict.AllPass) => "RED",
            (false, Verdict.SomeFail) when o.Failures.Count > 0 => "NOT BY THE CONTRACT",
            (false, Verdict.SomeFail) => "MISSED",
            _ => $"ONLY {o.Failures.Count} of {o.Total} fail",
        };
        var expected = o.Run.Expected switch { Verdict.AllPass => "pass", Verdict.SomeFail => "fail", _ => "all fail" };
        var contract = o.ContractCaught ? "violation" : o.Run.ContractMustCatch ? "MISSED" : "-";
        var yaml = o.Failures.Where(f => f.Test.StartsWith("Scenario ", StringComparison.Ordinal)).Select(f => f.Test["Scenario ".Length..].Split(':')[0]).ToList();
        return [o.Run.Name, o.Run.Category, expected, verdict, contract, yaml.Count == 0 ? "-" : string.Join(", ", yaml), $"{o.Elapsed.TotalSeconds:0.0} s", caughtBy,
            Cell(o.Error ?? firstFailure.Message, o.Run.Category == Categories.Fuzz ? 240 : 110)];
    }

    // A Fuzz run's message is its shrunk case: it gets room to show it.
    private static string Cell(string? text, int room)
    {
        var flat = (text ?? "").ReplaceLineEndings(" ");
        return flat.Length > room ? flat[..room] + "..." : flat;
    }
}
