using System.Collections.Concurrent;

namespace ImServerTests.Reporting;

/// <summary>
/// What a test assembly wants on the report's overview (the server it talked to, its timeouts): collected
/// while it runs, merged into environment.properties when it ends.
/// </summary>
public static class RunEnvironment
{
    private static readonly ConcurrentDictionary<string, string> Values = new(StringComparer.Ordinal);

    public static void Set(string key, string value) => Values[key] = ImServerTests.Shared.Secrets.Mask(value);

    internal static IReadOnlyDictionary<string, string> Snapshot() => new Dictionary<string, string>(Values);
}
