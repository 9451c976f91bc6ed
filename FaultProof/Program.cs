using System.Net;
using System.Net.Sockets;
using ImServerTests.FaultProof;
using ImServerTests.Server.Faults;

// Proves the regression catches server defects: runs the ImServer cases against the embedded server once
// per fault of the catalogue, plus the correct server, the legal variations and an unreachable URL.
// Build first: dotnet build. Then: dotnet run --project FaultProof [-- --parallel N]

const int ImServerCases = 19;
var receiveTimeout = TimeSpan.FromSeconds(10);
var connectTimeout = TimeSpan.FromSeconds(5);

// A run may spend at most one receive timeout per case (as if nothing overlapped), plus start-up.
var bound = TimeSpan.FromSeconds(60) + ImServerCases * receiveTimeout;
var parallel = args.Length == 2 && args[0] == "--parallel" && int.TryParse(args[1], out var n) && n > 0 ? n : 2;

var root = FindRoot();
var work = Path.Combine(Path.GetTempPath(), "imserver-fault-proof-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(work);

var scenarios = new List<Scenario> { new("correct-server", "the correct server", false, new Dictionary<string, string>()) };
scenarios.AddRange(FaultCatalogue.All.Select(f => new Scenario(f.Name, f.Description, f.IsDefect,
    new Dictionary<string, string> { ["IMSERVER_EMBEDDED_FAULT"] = f.Name })));
scenarios.Add(new Scenario("unreachable-url", "nothing listens at the URL", true,
    new Dictionary<string, string> { ["IMSERVER_URL"] = $"ws://127.0.0.1:{ClosedPort()}/pinter/imserver" }));

Console.WriteLine($"Running the ImServer regression {scenarios.Count} times, {parallel} at a time; bound per run {bound.TotalSeconds:0} s.");
var runner = new RegressionRunner(root, work, bound);
using var gate = new SemaphoreSlim(parallel);
var outcomes = await Task.WhenAll(scenarios.Select(async scenario =>
{
    await gate.WaitAsync();
    try
    {
        var outcome = await runner.RunAsync(scenario);
        Console.WriteLine($"  {(outcome.Proven ? "ok  " : "FAIL")} {scenario.Name} ({outcome.Elapsed.TotalSeconds:0.0} s, {outcome.Failures.Count}/{outcome.Total} failed)");
        return outcome;
    }
    finally
    {
        gate.Release();
    }
}));

Console.WriteLine();
Console.WriteLine("| scenario | expected | verdict | time | caught by | message |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var o in outcomes)
{
    var first = o.Failures.FirstOrDefault();
    var caughtBy = o.Failures.Count == 0 ? "-" : $"{first.Test}{(o.Failures.Count > 1 ? $" (+{o.Failures.Count - 1})" : "")}";
    var verdict = o.TimedOut ? "HUNG" : o.Error is not null ? "ERROR" : o.Proven ? (o.Scenario.MustFail ? "caught" : "green") : (o.Scenario.MustFail ? "MISSED" : "RED");
    Console.WriteLine($"| {o.Scenario.Name} | {(o.Scenario.MustFail ? "fail" : "pass")} | {verdict} | {o.Elapsed.TotalSeconds:0.0} s | {caughtBy} | {Cell(o.Error ?? first.Message)} |");
}

var unproven = outcomes.Where(o => !o.Proven).ToList();
Console.WriteLine();
Console.WriteLine(unproven.Count == 0
    ? $"Every fault caught, every legal variation green, no run over {bound.TotalSeconds:0} s."
    : $"NOT PROVEN: {string.Join(", ", unproven.Select(o => o.Scenario.Name))}");
Directory.Delete(work, recursive: true);
return unproven.Count == 0 ? 0 : 1;

static string Cell(string? text)
{
    var flat = (text ?? "").Replace('|', '/');
    return flat.Length > 110 ? flat[..110] + "..." : flat;
}

static int ClosedPort()
{
    using var probe = new TcpListener(IPAddress.Loopback, 0);
    probe.Start();
    return ((IPEndPoint)probe.LocalEndpoint).Port;
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "ImServerTests.sln")))
        {
            return dir.FullName;
        }
    }

    throw new InvalidOperationException("Run the fault proof from inside the repository (ImServerTests.sln not found above the working directory).");
}
