using System.Collections.Concurrent;
using NUnit.Framework.Interfaces;

namespace ImServerTests.Reporting;

/// <summary>
/// Errors of one-time set-ups, by the suite they belong to. NUnit does not run the tests below a failed
/// one-time set-up, so the report takes their cause from here.
/// </summary>
public static class SetUpFailures
{
    private static readonly ConcurrentDictionary<string, Exception> Failures = new(StringComparer.Ordinal);

    /// <summary>Runs a one-time set-up, remembering its error for the suite <paramref name="suiteFullName"/>.</summary>
    public static async Task RecordAsync(string suiteFullName, Func<Task> setUp)
    {
        ArgumentNullException.ThrowIfNull(setUp);
        try
        {
            await setUp().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Failures[suiteFullName] = e;
            throw;
        }
    }

    /// <summary>The nearest recorded set-up error above <paramref name="test"/>, if any.</summary>
    public static Exception? Find(ITest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        for (var node = test.Parent; node is not null; node = node.Parent)
        {
            if (Failures.TryGetValue(node.FullName, out var error))
            {
                return error;
            }
        }

        return null;
    }
}
