using System.Xml.Linq;
using ImServerTests.Shared;

namespace ImServerTests.FaultProof;

/// <summary>Runs `dotnet test --filter TestCategory=...` on the regression as a user would, and reads its TRX file.</summary>
internal sealed class RegressionRunner(string solutionRoot, string workDirectory, TimeSpan bound)
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public async Task<Outcome> RunAsync(ProofRun proofRun, CancellationToken cancellationToken)
    {
        var trx = Path.Combine(workDirectory, proofRun.Name + ".trx");
        string[] arguments =
        [
            "test", Path.Combine("TestCases", "ImServerTests.TestCases.csproj"), "--no-build", "--filter", proofRun.Filter ?? $"TestCategory={proofRun.Category}",
            "--results-directory", workDirectory, "--logger", $"trx;LogFileName={proofRun.Name}.trx",
        ];

        // The proof's own Allure results must not replace the results of the run that started it.
        var environment = new Dictionary<string, string>(proofRun.Environment)
        {
            [EnvironmentVariables.AllureResultsDirectory] = Path.Combine(workDirectory, "allure-" + proofRun.Name),
        };
        var run = await DotnetCommand.RunAsync(solutionRoot, arguments, environment, bound, cancellationToken);
        if (!File.Exists(trx))
        {
            return new Outcome(proofRun, 0, [], false, run.Elapsed, run.TimedOut, run.TimedOut ? null : $"no TRX written; dotnet test said: {Tail(run.Output)}");
        }

        var (total, failures, contractCaught) = ReadTrx(trx);
        return new Outcome(proofRun, total, failures, contractCaught, run.Elapsed, run.TimedOut, null);
    }

    // A contract violation names the contract in its failure message ("contract message 'receipt': ...").
    private static (int Total, List<(string, string)> Failures, bool ContractCaught) ReadTrx(string path)
    {
        var results = XDocument.Load(path).Descendants(Trx + "UnitTestResult").ToList();
        var failed = results.Where(r => (string?)r.Attribute("outcome") is "Failed" or "Error" or "Timeout" or "Aborted").ToList();
        var failures = failed
            .Select(r => ((string?)r.Attribute("testName") ?? "?", FirstLine(r.Descendants(Trx + "Message").FirstOrDefault()?.Value)))
            .ToList();
        var contractCaught = failed.Any(r => r.Descendants(Trx + "Message").Any(m => m.Value.Contains("contract", StringComparison.Ordinal)));
        return (results.Count, failures, contractCaught);
    }

    private static string FirstLine(string? message) =>
        (message ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";

    private static string Tail(string text) => text.Length > 400 ? text[^400..] : text;
}
