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

    /// <summary>The folder that holds ImServerTests.sln, above the benchmark's binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ImServerTests.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("run the benchmark from the repository: ImServerTests.sln was not found above " + AppContext.BaseDirectory);
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
