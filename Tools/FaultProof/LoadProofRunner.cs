using System.Globalization;
using System.Text.RegularExpressions;
using ImServerTests.Cli;
using ImServerTests.Shared;

namespace ImServerTests.FaultProof;

/// <summary>
/// Runs the load command's delivery user as a user would (`dotnet run --project Tools/Load -- delivery ...`) with
/// thresholds on lost, reordered and duplicated messages, against the embedded server with a run's fault, and reads
/// its verdict: every broken threshold is a failure, the "messages:" line its count. A few late messages are allowed
/// (the failures rule): on a busy machine a correct server's relay can miss the embedded environment's tight budget,
/// and lateness is the regression's to prove.
/// </summary>
internal sealed partial class LoadProofRunner(string solutionRoot, TimeSpan bound)
{
    public static readonly string[] Thresholds = ["lost < 0.01%", "reordered < 0.01%", "duplicated < 0.01%", "failures < 5%"];

    public async Task<Outcome> RunAsync(ProofRun proofRun, CancellationToken cancellationToken)
    {
        List<string> arguments =
        [
            "run", "--no-build", "--project", Path.Combine("Tools", "Load", "ImServerTests.Load.csproj"), "--",
            // Long enough for sessions that wait out a lost message's 5 s to end, on a busy machine too.
            "delivery", "--users", "10", "--spawn-rate", "10", "--run-time", "20s",
        ];
        foreach (var threshold in Thresholds)
        {
            arguments.AddRange(["--threshold", threshold]);
        }

        var run = await DotnetCommand.RunAsync(solutionRoot, arguments, proofRun.Environment, bound, cancellationToken);
        var lines = run.Output.Split('\n', StringSplitOptions.TrimEntries);
        var messages = lines.FirstOrDefault(line => line.StartsWith("messages: ", StringComparison.Ordinal));
        if (run.TimedOut || messages is null || SentPattern().Match(messages) is not { Success: true } sent)
        {
            var problem = messages is null ? "printed no messages line" : $"sent no message ({messages})";
            return new Outcome(proofRun, 0, [], false, run.Elapsed, run.TimedOut,
                run.TimedOut ? null : $"the load command {problem}, exit code {run.ExitCode}: {Tail(run.Output + run.Errors)}");
        }

        var broken = lines.Where(line => line.StartsWith("BROKEN", StringComparison.Ordinal)).Select(line => ("load: " + line, messages)).ToList();
        if (run.ExitCode != (broken.Count > 0 ? ExitCodes.Failed : ExitCodes.Success))
        {
            return new Outcome(proofRun, 0, [], false, run.Elapsed, false, $"exit code {run.ExitCode} with {broken.Count} broken thresholds: {Tail(run.Output + run.Errors)}");
        }

        return new Outcome(proofRun, int.Parse(sent.Groups[1].Value, CultureInfo.InvariantCulture), broken, false, run.Elapsed, false, null);
    }

    private static string Tail(string text) => text.Length > 400 ? text[^400..] : text;

    [GeneratedRegex("^messages: ([0-9]+) sent")]
    private static partial Regex SentPattern();
}
