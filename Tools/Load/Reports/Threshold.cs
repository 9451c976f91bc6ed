using System.Globalization;
using System.Text.RegularExpressions;
using ImServerTests.Load.Delivery;
using ImServerTests.Load.Stats;

namespace ImServerTests.Load.Reports;

/// <summary>
/// A pass-or-fail rule for CI, in a small grammar:
/// <code>
///   METRIC[(REQUEST NAME)] &lt; VALUE       also &lt;=
///   METRIC: p50 p66 p75 p80 p90 p95 p98 p99 avg max   (response time; VALUE in ms or s)
///           failures                                  (share of requests that failed; VALUE in %)
///           lost duplicated reordered late            (share of the delivery user's messages sent; VALUE in %; no name)
/// </code>
/// Without a request name a rule is about every request (Locust's Aggregated row). Examples:
/// <c>p95(seed-conversation: receipt) &lt; 200ms</c>, <c>avg &lt; 1s</c>, <c>failures &lt; 0.1%</c>, <c>lost &lt; 0.01%</c>,
/// <c>p95(relay) &lt; 200ms</c>. A rule about a request name, or about messages, that the run never measured is broken, naming what it lacked.
/// Tools/Load/locustfile.py reads the same grammar, so a distributed run's master keeps the same rules.
/// </summary>
public sealed partial record Threshold(string Text, string Metric, string? RequestName, bool OrEqual, double Limit)
{
    public const string Grammar = "METRIC[(REQUEST NAME)] < VALUE, METRIC one of p50 p66 p75 p80 p90 p95 p98 p99 avg max (VALUE in ms or s), failures (VALUE in %), "
        + "or lost duplicated reordered late (the delivery user's messages, VALUE in % of those sent, no request name)";

    public bool IsFailureRule => Metric == "failures";

    /// <summary>A rule about the delivery user's messages: lost, duplicated, reordered or late.</summary>
    public bool IsMessageRule => MessageRows.Faults.Contains(Metric);

    public static Threshold Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Rule().Match(text.Trim());
        if (!match.Success)
        {
            throw new FormatException($"threshold '{text}' does not read: write {Grammar}, for example \"p95(seed-conversation: receipt) < 200ms\" or \"failures < 0.1%\"");
        }

        var metric = match.Groups["metric"].Value;
        var unit = match.Groups["unit"].Value;
        var number = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        var name = match.Groups["name"].Success ? match.Groups["name"].Value.Trim() : null;
        var isMessageRule = MessageRows.Faults.Contains(metric);
        if (isMessageRule && name is not null)
        {
            throw new FormatException($"threshold '{text}': a {metric} rule is about every message the delivery user sent, and takes no request name: write \"{metric} < 0.01%\"");
        }

        var limit = (metric, unit) switch
        {
            ("failures", "%") => number / 100,
            ("failures", _) => throw new FormatException($"threshold '{text}': a failures rule takes a percentage, for example \"failures < 0.1%\""),
            (_, "%") when isMessageRule => number / 100,
            _ when isMessageRule => throw new FormatException($"threshold '{text}': a {metric} rule takes a percentage of the messages sent, for example \"{metric} < 0.01%\""),
            (_, "ms") => number,
            (_, "s") => number * 1000,
            _ => throw new FormatException($"threshold '{text}': a response-time rule takes ms or s, for example \"{metric} < 200ms\""),
        };
        return new Threshold(text.Trim(), metric, name, match.Groups["op"].Value == "<=", limit);
    }

    /// <summary>The measured value, and whether it keeps the rule; a request name the run never saw breaks it.</summary>
    public (bool Kept, string Measured) Check(StatsSnapshot totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        if (IsMessageRule)
        {
            return CheckMessages(MessageCounts.Of(totals));
        }

        var entry = RequestName is null ? totals.Total : totals.Named(RequestName);
        if (entry is null || entry.NumRequests == 0)
        {
            return (false, RequestName is null ? "no request was made" : $"no request named '{RequestName}'{DeliveryHint}; names: {string.Join(", ", totals.Entries.Select(e => e.Name))}");
        }

        var value = Metric switch
        {
            "failures" => entry.FailRatio,
            "avg" => entry.AverageResponseTime,
            "max" => entry.MaxResponseTime,
            _ => entry.Percentile(int.Parse(Metric[1..], CultureInfo.InvariantCulture) / 100.0),
        };
        var kept = OrEqual ? value <= Limit : value < Limit;
        var shown = IsFailureRule
            ? $"{(value * 100).ToString("0.###", CultureInfo.InvariantCulture)}% ({entry.NumFailures} of {entry.NumRequests})"
            : $"{value.ToString("0.#", CultureInfo.InvariantCulture)} ms";
        return (kept, shown);
    }

    // A row only the delivery user makes, asked of a run without it.
    private string DeliveryHint => RequestName is MessageRows.Relay or MessageRows.Delivered || MessageRows.Faults.Contains(RequestName ?? "")
        ? $" (a row of the delivery user, which this run did not play: name '{DeliveryUser.CommandLineName}' among the scenarios)"
        : "";

    // A share of the delivery user's messages sent; a run that sent none never measured it.
    private (bool Kept, string Measured) CheckMessages(MessageCounts counts)
    {
        if (counts.Sent == 0)
        {
            return (false, $"no message was sent, so nothing was measured: no delivery user ran (name '{DeliveryUser.CommandLineName}' among the scenarios), or none got as far as sending");
        }

        var count = counts.Of(Metric);
        var value = (double)count / counts.Sent;
        var kept = OrEqual ? value <= Limit : value < Limit;
        return (kept, $"{(value * 100).ToString("0.###", CultureInfo.InvariantCulture)}% ({count} of {counts.Sent} messages sent)");
    }

    [GeneratedRegex(@"^(?<metric>p50|p66|p75|p80|p90|p95|p98|p99|avg|max|failures|lost|duplicated|reordered|late)\s*(\((?<name>[^()]+)\))?\s*(?<op><=|<)\s*(?<value>[0-9]+(\.[0-9]+)?)\s*(?<unit>ms|s|%)$")]
    private static partial Regex Rule();
}
