using System.Globalization;
using System.Text;
using ImServerTests.Load.Stats;

namespace ImServerTests.Load.Reports;

/// <summary>
/// The run's figures in Locust's CSV format (PREFIX_stats.csv and PREFIX_failures.csv, as `locust --csv PREFIX`
/// writes them), so a standalone run and a distributed one are read by the same tools.
/// </summary>
public static class StatsCsv
{
    public static readonly double[] Percentiles = [0.50, 0.66, 0.75, 0.80, 0.90, 0.95, 0.98, 0.99, 0.999, 0.9999, 1.0];

    public static string Stats(StatsSnapshot totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        var csv = new StringBuilder();
        Row(csv, ["Type", "Name", "Request Count", "Failure Count", "Median Response Time", "Average Response Time", "Min Response Time",
            "Max Response Time", "Average Content Size", "Requests/s", "Failures/s", .. Percentiles.Select(Readable)]);
        foreach (var entry in totals.Entries.Append(totals.Total))
        {
            Row(csv,
            [
                entry.Method, entry.Name, I(entry.NumRequests), I(entry.NumFailures), I(entry.MedianResponseTime), F(entry.AverageResponseTime),
                F(entry.MinResponseTime ?? 0), F(entry.MaxResponseTime), F(entry.NumRequests == 0 ? 0 : (double)entry.TotalContentLength / entry.NumRequests),
                F(totals.RequestsPerSecond(entry)), F(totals.FailuresPerSecond(entry)),
                .. Percentiles.Select(p => entry.NumRequests == 0 ? "N/A" : I(entry.Percentile(p))),
            ]);
        }

        return csv.ToString();
    }

    public static string Failures(StatsSnapshot totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        var csv = new StringBuilder();
        Row(csv, ["Method", "Name", "Error", "Occurrences"]);
        foreach (var error in totals.Errors.OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.Error, StringComparer.Ordinal))
        {
            Row(csv, [error.Method, error.Name, error.Error, I(error.Occurrences)]);
        }

        return csv.ToString();
    }

    // Locust's header: 50%, 66%, ..., 99.9%, 99.99%, 100%.
    private static string Readable(double percentile)
    {
        var percent = percentile * 100;
        return (Math.Abs(percent - Math.Round(percent)) < 1e-9 ? ((int)Math.Round(percent)).ToString(CultureInfo.InvariantCulture) : Math.Round(percent, 6).ToString(CultureInfo.InvariantCulture)) + "%";
    }

    private static void Row(StringBuilder csv, IEnumerable<string> cells) =>
        csv.Append(string.Join(",", cells.Select(Quote))).Append("\r\n");

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.################", CultureInfo.InvariantCulture);
}
