using System.Text.RegularExpressions;
using ImServerTests.Load.Stats;
using ImServerTests.TestKit.Scenarios;
using ImServerTests.TestKit.Scenarios.Running;
using ImServerTests.TestKit.Servers;

namespace ImServerTests.Load.Users;

/// <summary>
/// The users that play one scenario file as load: the scenario, the file it came from, their weight among the others,
/// the Locust user class that stands for them (the file name in PascalCase: seed-conversation.yml is SeedConversation), and the names its requests
/// are counted under ("seed-conversation: receipt"). Every connect and expected frame of a session is a request named
/// by its step, timed from the send that caused it; a mismatch, a timeout, a closed connection or a contract violation
/// is a failure with its reason.
/// </summary>
public sealed partial record ScenarioUser(Scenario Scenario, string Stem, int Weight) : IVirtualUser
{
    public string Name => Stem;

    public string UserClass => ClassNameOf(Stem);

    public string RequestName(string step) => $"{Stem}: {step}";

    /// <summary>The Locust user class of a scenario file's name; Tools/Load/locustfile.py makes the same from the same name.</summary>
    public static string ClassNameOf(string stem)
    {
        ArgumentNullException.ThrowIfNull(stem);
        var name = string.Concat(NonWord().Split(stem).Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
        return name.Length == 0 || char.IsDigit(name[0]) ? "Scenario" + name : name;
    }

    public async Task<bool> PlaySessionAsync(ServerUnderTest target, RequestStats stats, UserConnections connections, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(connections);
        await connections.BeginSessionAsync(stop);
        var runner = new ScenarioRunner(connections.ConnectAsync, connections.FreshId, target.QuietWindow);
        var failed = true;
        try
        {
            var outcome = await runner.RunAsync(Scenario, stop);
            failed = !stop.IsCancellationRequested && Record(stats, outcome, connections.Reused);
            return failed;
        }
        finally
        {
            await connections.EndSessionAsync(failed);
        }
    }

    // Returns whether the session failed. A kept connection handed out again is no connect: it is not counted.
    private bool Record(RequestStats stats, ScenarioOutcome outcome, IReadOnlyList<bool> reused)
    {
        var connects = 0;
        foreach (var step in outcome.Steps.Where(s => s.Kind != StepKind.Send || !s.Passed))
        {
            if (step.Kind == StepKind.Connect && connects++ < reused.Count && reused[connects - 1] && step.Passed)
            {
                continue;
            }

            stats.Record(RequestName(step.Name), step.Elapsed.TotalMilliseconds, step.Passed ? null : FailureReason.Of(step.Problems));
        }

        stats.SessionEnded();
        return !outcome.Passed;
    }

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex NonWord();
}
