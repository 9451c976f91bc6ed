namespace ImServerTests.Benchmarks;

internal static class Args
{
    public static bool NodeModulesReady(string root) => Directory.Exists(Path.Combine(root, "node_modules", "ws"));
}

internal static class Stats
{
    public static double Median(IEnumerable<double> values) => Percentile(values.ToList(), 50);

    public static double Percentile(List<double> values, double percent)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
