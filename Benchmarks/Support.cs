namespace ImServerTests.Benchmarks;

internal static class Args
{
    public static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var value) && value > 0
            ? value
            : i >= 0 ? throw new ArgumentException($"{name} needs a positive whole number") : fallback;
    }

    public static string Text(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i < 0 ? fallback : i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{name} needs a value");
    }

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
