using System.Globalization;

namespace ImServerTests.Api.Timing;

/// <summary>
/// How long a frame took, from the send that caused it to its arrival, and the budget it had. A late frame is a
/// problem of the frame, reported with its field checks: "receipt arrived after 3,004 ms; budget 1,000 ms (environment pinter)";
/// so is a timestamp that does not lie between that send and the arrival.
/// </summary>
public sealed record FrameTiming(TimeSpan Latency, LatencyBudget? Budget)
{
    public bool IsLate => Budget is { } budget && Latency > budget.Limit;

    /// <summary>The lateness in words, or null when the frame kept its budget (or had none).</summary>
    public string? Problem => IsLate
        ? $"{Budget!.Answer} arrived after {Ms(Latency)}; budget {Ms(Budget.Limit)} ({Budget.Source})"
        : null;

    /// <summary>What is wrong with the frame's timestamp (<see cref="ClockTolerance"/>), or null when it is right or was not judged.</summary>
    public string? TimestampProblem { get; init; }

    /// <summary>Every problem of the frame's timing, lateness first: what a frame assertion reports with the field checks.</summary>
    public IReadOnlyList<string> Problems => new[] { Problem, TimestampProblem }.OfType<string>().ToList();

    public override string ToString() =>
        Budget is { } budget ? $"{Ms(Latency)} (budget {Ms(budget.Limit)}, {budget.Source})" : Ms(Latency);

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("#,0", CultureInfo.InvariantCulture) + " ms";
}
