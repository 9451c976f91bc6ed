using System.Collections.Concurrent;

namespace ImServerTests.Shared;

/// <summary>
/// Values that must never leave the process: every value the settings took from ${env:...}. Whatever the suite
/// writes where a person or a file can read it (transcripts, report steps and attachments, HAR files, console
/// output, error messages, URLs with their query) goes through <see cref="Mask"/>.
/// </summary>
public static class Secrets
{
    public const string Replacement = "***";

    private static readonly ConcurrentDictionary<string, bool> Values = new(StringComparer.Ordinal);

    /// <summary>Registers a secret; blank values are not secrets (masking them would mangle every text).</summary>
    public static void Register(string value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            Values[value] = true;
            Values[Uri.EscapeDataString(value)] = true; // as it stands in a URL's query
        }
    }

    /// <summary>The text with every registered secret replaced by ***; longer secrets first, so none is left half masked.</summary>
    public static string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Values.IsEmpty)
        {
            return text;
        }

        foreach (var secret in Values.Keys.OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Replacement, StringComparison.Ordinal);
        }

        return text;
    }

    public static string? MaskOrNull(string? text) => text is null ? null : Mask(text);
}
