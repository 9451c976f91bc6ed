using ImServerTests.Config;
using ImServerTests.FaultProof;
using ImServerTests.Server;
using ImServerTests.Server.Faults;
using ImServerTests.Shared;

// Proves the suite catches server defects: runs the ImServer cases against the embedded server once per
// fault of the catalogue, plus the correct server, the legal variations and an unreachable URL; and shows
// that each Security case fails against a server that trusts from, as the real one does.
// Build first: dotnet build. Then: dotnet run --project FaultProof [-- --parallel N]
var parallel = args.Length == 2 && args[0] == "--parallel" && int.TryParse(args[1], out var n) && n > 0 ? n : 2;

var root = RepositoryRoot.Find();

// Ctrl-C (or SIGTERM) stops the runs in progress, and the working folder still goes.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

// The proof's own TRX and Allure files go to a working folder of its own, removed at the end whatever happens.
using var workFolder = TemporaryFolder.Create("imserver-fault-proof-");
var work = workFolder.Path;
var embedded = SettingsLoader.Load(Path.Combine(root, SettingsLoader.FileName), n => n == EnvironmentVariables.Environment ? "embedded" : null).Environment.Timeouts;
var noVariables = new Dictionary<string, string>();

// A server that trusts from, like the real one: the embedded server as it ships.
await using var pinterLike = await ImServer.StartAsync(new ImServerOptions());

// The correct run first: it says how many cases there are, and so how long a run may take.
var correct = new Scenario("correct-server", "the correct server", Categories.ImServer, Verdict.AllPass, noVariables);
var first = await new RegressionRunner(root, work, TimeSpan.FromMinutes(10)).RunAsync(correct, stop.Token);
Report(first);
var bound = TimeSpan.FromSeconds(60) + (first.Total * embedded.Receive);

var scenarios = FaultCatalogue.All.Select(f => new Scenario(f.Name, f.Description, Categories.ImServer, f.IsDefect ? Verdict.SomeFail : Verdict.AllPass,
    new Dictionary<string, string> { [EnvironmentVariables.EmbeddedFault] = f.Name }, ContractMustCatch: f.BreaksFrameShape)).ToList();
scenarios.Add(new Scenario("unreachable-url", "nothing listens at the URL", Categories.ImServer, Verdict.SomeFail,
    new Dictionary<string, string> { [EnvironmentVariables.Url] = $"ws://127.0.0.1:{FreePort.Next()}/pinter/imserver" }));
scenarios.Add(new Scenario("security-pinter-like", "a server that trusts from, like the real one: every Security case names its weakness", Categories.Security, Verdict.AllFail,
    new Dictionary<string, string> { [EnvironmentVariables.Url] = pinterLike.BaseUrl.ToString(), [EnvironmentVariables.Environment] = "embedded" }));

Console.WriteLine($"{first.Total} ImServer cases. Running the suite {scenarios.Count} more times, {parallel} at a time; bound per run {bound.TotalSeconds:0} s.");
var runner = new RegressionRunner(root, work, bound);
using var gate = new SemaphoreSlim(parallel);
var outcomes = new List<Outcome> { first };
outcomes.AddRange(await Task.WhenAll(scenarios.Select(async scenario =>
{
    await gate.WaitAsync(CancellationToken.None);
    try
    {
        var outcome = await runner.RunAsync(scenario, stop.Token);
        Report(outcome);
        return outcome;
    }
    finally
    {
        gate.Release();
    }
})));

Console.WriteLine();
Console.WriteLine("| scenario | category | expected | verdict | contract | YAML scenarios failed | time | caught by | message |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
foreach (var o in outcomes)
{
    var firstFailure = o.Failures.FirstOrDefault();
    var caughtBy = o.Failures.Count == 0 ? "-" : $"{firstFailure.Test}{(o.Failures.Count > 1 ? $" (+{o.Failures.Count - 1})" : "")}";
    var verdict = o.TimedOut ? "HUNG" : o.Error is not null ? "ERROR" : (o.Proven, o.Scenario.Expected) switch
    {
        (true, Verdict.AllPass) => "green",
        (true, Verdict.SomeFail) => "caught",
        (true, _) => $"all {o.Total} fail",
        (false, Verdict.AllPass) => "RED",
        (false, Verdict.SomeFail) when o.Failures.Count > 0 => "NOT BY THE CONTRACT",
        (false, Verdict.SomeFail) => "MISSED",
        _ => $"ONLY {o.Failures.Count} of {o.Total} fail",
    };
    var expected = o.Scenario.Expected switch { Verdict.AllPass => "pass", Verdict.SomeFail => "fail", _ => "all fail" };
    var contract = o.ContractCaught ? "violation" : o.Scenario.ContractMustCatch ? "MISSED" : "-";
    var yaml = o.Failures.Where(f => f.Test.StartsWith("Scenario ", StringComparison.Ordinal)).Select(f => f.Test["Scenario ".Length..].Split(':')[0]).ToList();
    var yamlFailed = yaml.Count == 0 ? "-" : string.Join(", ", yaml);
    Console.WriteLine($"| {o.Scenario.Name} | {o.Scenario.Category} | {expected} | {verdict} | {contract} | {yamlFailed} | {o.Elapsed.TotalSeconds:0.0} s | {caughtBy} | {Cell(o.Error ?? firstFailure.Message)} |");
}

var unproven = outcomes.Where(o => !o.Proven).ToList();
Console.WriteLine();
Console.WriteLine(unproven.Count == 0
    ? $"Every fault caught (each frame-shape fault by a contract violation), every legal variation green, every Security case names its weakness, no run over {bound.TotalSeconds:0} s."
    : $"NOT PROVEN: {string.Join(", ", unproven.Select(o => o.Scenario.Name))}");
if (stop.IsCancellationRequested)
{
    Console.WriteLine("Stopped before the end: the proof is incomplete.");
    return 1;
}

return unproven.Count == 0 ? 0 : 1;

static void Report(Outcome outcome) =>
    Console.WriteLine($"  {(outcome.Proven ? "ok  " : "FAIL")} {outcome.Scenario.Name} ({outcome.Elapsed.TotalSeconds:0.0} s, {outcome.Failures.Count}/{outcome.Total} failed)");

static string Cell(string? text)
{
    var flat = (text ?? "").Replace('|', '/');
    return flat.Length > 110 ? flat[..110] + "..." : flat;
}
