using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ImServerTests.Cli;
using ImServerTests.Load.Delivery;
using ImServerTests.Load.Stats;

namespace ImServerTests.Load.Reports;

/// <summary>
/// What a run did, for people (a table) and for tools (JSON): users, sessions, each request name's figures, the
/// thresholds, and the delivery user's messages by outcome.
/// </summary>
public sealed record RunSummary(
    string Target, int Users, double Seconds, long Sessions, IReadOnlyList<RequestFigures> Requests, RequestFigures Total,
    IReadOnlyList<ThresholdResult> Thresholds, IReadOnlyList<StatsError> Failures, MessageCounts Messages)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public double SessionsPerSecond => Seconds > 0 ? Sessions / Seconds : 0;

    public bool Passed => Thresholds.All(t => t.Kept);

    public static RunSummary Of(string target, int users, double seconds, long sessions, StatsSnapshot totals, IReadOnlyList<ThresholdResult> thresholds)
    {
        ArgumentNullException.ThrowIfNull(totals);
        return new RunSummary(target, users, seconds, sessions, [.. totals.Entries.Select(e => RequestFigures.Of(e, totals))], RequestFigures.Of(totals.Total, totals),
            thresholds, totals.Errors, MessageCounts.Of(totals));
    }

    /// <summary>How the JSON summary starts: how a later run knows the file is one it may replace.</summary>
    public const string JsonStart = "{\n  \"writtenBy\": \"ImServerTests load\"";

    public string ToJson() => JsonSerializer.Serialize(new { writtenBy = "ImServerTests load", summary = this }, Json).ReplaceLineEndings("\n");

    /// <summary>The summary as a person reads it: a table in a terminal, markdown in a log or a file.</summary>
    public void Write(TextWriter? plain = null)
    {
        var output = plain ?? Console.Out;
        output.WriteLine($"{Sessions} sessions in {Seconds.ToString("0.#", CultureInfo.InvariantCulture)} s ({SessionsPerSecond.ToString("0.#", CultureInfo.InvariantCulture)}/s) by {Users} users against {Target}");
        Terminal.WriteTable(["method", "request", "# reqs", "# fails", "avg ms", "p50", "p95", "p99", "max ms", "req/s"],
            Requests.Append(Total).Select(r => (IReadOnlyList<string>)[r.Method, r.Name, N(r.Requests), N(r.Failures), D(r.AverageMs), N(r.P50Ms), N(r.P95Ms), N(r.P99Ms), D(r.MaxMs), D(r.RequestsPerSecond)]),
            plain);
        if (Failures.Count > 0)
        {
            output.WriteLine("Failures:");
            foreach (var failure in Failures.OrderByDescending(f => f.Occurrences).Take(20))
            {
                output.WriteLine($"  {failure.Occurrences} x {failure.Method} {failure.Name}: {failure.Error}");
            }
        }

        foreach (var threshold in Thresholds)
        {
            output.WriteLine($"{(threshold.Kept ? "kept  " : "BROKEN")} {threshold.Rule}: {threshold.Measured}");
        }

        output.WriteLine(Messages.Line);
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string D(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>One request name's figures over the run (a row is its method and name, as in Locust).</summary>
public sealed record RequestFigures(string Method, string Name, long Requests, long Failures, double AverageMs, long P50Ms, long P95Ms, long P99Ms, double MaxMs, double RequestsPerSecond)
{
    public static RequestFigures Of(StatsEntry entry, StatsSnapshot totals)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(totals);
        return new(entry.Method, entry.Name, entry.NumRequests, entry.NumFailures, entry.AverageResponseTime, entry.MedianResponseTime, entry.Percentile(0.95),
            entry.Percentile(0.99), entry.MaxResponseTime, totals.RequestsPerSecond(entry));
    }
}

/// <summary>A threshold as checked at the end of a run.</summary>
public sealed record ThresholdResult(string Rule, bool Kept, string Measured);
