namespace ImServerTests.FaultProof;

/// <summary>One run of the regression: against the correct server, a faulty one, or an unreachable URL.</summary>
internal sealed record Scenario(string Name, string Description, bool MustFail, IReadOnlyDictionary<string, string> Environment);

/// <summary>What one run showed: the failed cases with their first message line, and how long it took.</summary>
internal sealed record Outcome(Scenario Scenario, int Total, IReadOnlyList<(string Test, string Message)> Failures, TimeSpan Elapsed, bool TimedOut, string? Error)
{
    public bool Proven =>
        !TimedOut && Error is null && Total > 0 && (Scenario.MustFail ? Failures.Count > 0 : Failures.Count == 0);
}
