using System.Diagnostics;
using System.Xml.Linq;

namespace ImServerTests.FaultProof;

/// <summary>Runs `dotnet test --filter TestCategory=...` as a user would, and reads its TRX file.</summary>
internal sealed class RegressionRunner(string solutionRoot, string workDirectory, TimeSpan bound)
{
    public async Task<Outcome> RunAsync(Scenario scenario)
    {
        var trx = Path.Combine(workDirectory, scenario.Name + ".trx");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = solutionRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "test", Path.Combine("TestCases", "ImServerTests.TestCases.csproj"), "--no-build", "--filter", $"TestCategory={scenario.Category}",
            "--results-directory", workDirectory, "--logger", $"trx;LogFileName={scenario.Name}.trx",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // The proof's own Allure results must not replace the results of the run that started it.
        start.Environment["ALLURE_RESULTS_DIR"] = Path.Combine(workDirectory, "allure-" + scenario.Name);
        foreach (var (key, value) in scenario.Environment)
        {
            start.Environment[key] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(bound);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
        }

        await Task.WhenAll(output, errors).ConfigureAwait(false);
        clock.Stop();
        if (!File.Exists(trx))
        {
            return new Outcome(scenario, 0, [], clock.Elapsed, timedOut, timedOut ? null : $"no TRX written; dotnet test said: {Tail(await output.ConfigureAwait(false))}");
        }

        var (total, failures) = ReadTrx(trx);
        return new Outcome(scenario, total, failures, clock.Elapsed, timedOut, null);
    }

    private static (int Total, List<(string, string)> Failures) ReadTrx(string path)
    {
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        var results = XDocument.Load(path).Descendants(ns + "UnitTestResult").ToList();
        var failures = results
            .Where(r => (string?)r.Attribute("outcome") is "Failed" or "Error" or "Timeout" or "Aborted")
            .Select(r => ((string?)r.Attribute("testName") ?? "?", FirstLine(r.Descendants(ns + "Message").FirstOrDefault()?.Value)))
            .ToList();
        return (results.Count, failures);
    }

    private static string FirstLine(string? message) =>
        (message ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";

    private static string Tail(string text) => text.Length > 400 ? text[^400..] : text;
}
