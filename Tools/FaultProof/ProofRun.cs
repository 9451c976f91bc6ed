namespace ImServerTests.FaultProof;

/// <summary>What a run must show to prove its point.</summary>
internal enum Verdict
{
    /// <summary>Every case passes: the correct server, or a legal variation.</summary>
    AllPass,

    /// <summary>At least one case fails: a defect is caught.</summary>
    SomeFail,

    /// <summary>Every case fails: each names a weakness the server has.</summary>
    AllFail,
}

/// <summary>
/// One run of the proof: a category of the suite against the correct server, a faulty one, a slow network, or an
/// unreachable URL, and the verdict that proves its point. A fault in a frame's shape must be caught by a contract
/// violation, not only by some other check. (Not a scenario: in this repository that word means a YAML conversation.)
/// </summary>
internal sealed record ProofRun(string Name, string Description, string Category, Verdict Expected, IReadOnlyDictionary<string, string> Environment, bool ContractMustCatch = false)
{
    /// <summary>How long one case of the run may take, for its bound; null: the embedded server's receive timeout.</summary>
    public TimeSpan? PerCase { get; init; }

    /// <summary>Asked after the run: what, besides the cases' outcomes, keeps it from proving its point; null: nothing.</summary>
    public Func<string?>? Problem { get; init; }

    /// <summary>The test filter, when it is more than the category (a scenario folder's cases); null: TestCategory={Category}.</summary>
    public string? Filter { get; init; }

    /// <summary>Where a Fuzz run writes the scenario of the failure it found (IMSERVER_FUZZ_SCENARIOS); null: not a Fuzz run of a fault.</summary>
    public string? FuzzScenarios { get; init; }
}

/// <summary>
/// What one run showed: the failed cases with their first message line, whether any failure was a contract
/// violation, and how long it took.
/// </summary>
internal sealed record Outcome(ProofRun Run, int Total, IReadOnlyList<(string Test, string Message)> Failures, bool ContractCaught, TimeSpan Elapsed, bool TimedOut, string? Error)
{
    public bool Proven =>
        !TimedOut && Error is null && Total > 0 && (ContractCaught || !Run.ContractMustCatch) && Run.Expected switch
        {
            Verdict.AllPass => Failures.Count == 0,
            Verdict.SomeFail => Failures.Count > 0,
            _ => Failures.Count == Total,
        };
}
