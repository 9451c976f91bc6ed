using System.Collections.Concurrent;

namespace ImServerTests.Shared;

/// <summary>
/// What a report's overview must say about the run: the servers its cases talked to, and the settings in force.
/// Test code states the facts here, in its own words; the report adapter writes them (environment.properties) when
/// the run ends. Only the regression states facts, so the framework's own tests never put their servers in the
/// report. Secrets are masked.
/// </summary>
public static class RunFacts
{
    private static readonly ConcurrentDictionary<string, string> Values = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> Servers = new(StringComparer.Ordinal);

    public static void Set(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        Values[key] = Secrets.Mask(value);
    }

    /// <summary>Records that <paramref name="usedBy"/> (a category of cases, say) talked to the server at <paramref name="url"/>.</summary>
    public static void ServerUsed(string url, string usedBy)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(usedBy);
        Servers.GetOrAdd(Secrets.Mask(url), _ => new ConcurrentDictionary<string, bool>(StringComparer.Ordinal))[usedBy] = true;
    }

    /// <summary>Forgets every fact: for the facts' own tests, which must leave nothing for the report.</summary>
    public static void Clear()
    {
        Values.Clear();
        Servers.Clear();
    }

    /// <summary>
    /// The facts as key = value: server.url is the one server every case used or, when a run used several, each
    /// with the cases that used it (and servers says how many).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Snapshot()
    {
        var facts = new Dictionary<string, string>(Values, StringComparer.Ordinal);
        var servers = Servers
            .Select(s => KeyValuePair.Create(s.Key, string.Join(", ", s.Value.Keys.Order(StringComparer.Ordinal))))
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
        if (servers.Count == 1)
        {
            facts["server.url"] = $"{servers[0].Key} (used by {servers[0].Value})";
        }
        else if (servers.Count > 1)
        {
            facts["server.url"] = string.Join("; ", servers.Select(s => $"{s.Key} (used by {s.Value})"));
            facts["servers"] = $"{servers.Count} servers in this run";
        }

        return facts;
    }
}
