using ImServerTests.Conformance;

namespace ImServerTests.Api;

/// <summary>
/// What the contract says of a frame an Api step picked, worked out by the step itself: the messages the step
/// expected and those the frame conforms to; when it conforms to none of them, the rules it breaks of each and
/// whether it is any message a client can receive at all. Plain data, for the assertions.
/// </summary>
public sealed record FrameConformance(
    string ContractFile,
    IReadOnlyList<string> Expected,
    IReadOnlyList<string> ConformsTo,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Violations,
    IReadOnlyList<string> MatchingReceived,
    IReadOnlyList<string> Received)
{
    /// <summary>Checks <paramref name="raw"/> against the messages <paramref name="expected"/>; the details only when it fits none.</summary>
    public static FrameConformance Check(Contract contract, string raw, IReadOnlyList<string> expected)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(expected);
        var conforms = contract.Conforming(raw, expected);
        var fitsNone = conforms.Count == 0;
        return new FrameConformance(
            Path.GetFileName(contract.Source),
            expected,
            conforms,
            fitsNone ? expected.ToDictionary(m => m, m => contract.Violations(raw, m), StringComparer.Ordinal) : new Dictionary<string, IReadOnlyList<string>>(),
            fitsNone ? contract.MatchingReceived(raw) : conforms,
            contract.Received);
    }

    /// <summary>
    /// Checks only that <paramref name="raw"/> is some message a client can receive: the first one found, trying the
    /// messages of its own type first. What a step that expects any message needs, at the cost of one or two checks.
    /// </summary>
    public static FrameConformance CheckAnyMessage(Contract contract, string raw)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var conforms = contract.Conforming(raw, contract.Received, firstOnly: true);
        return new FrameConformance(Path.GetFileName(contract.Source), contract.Received, conforms, new Dictionary<string, IReadOnlyList<string>>(), conforms, contract.Received);
    }

    /// <summary>
    /// The contract's problems with the frame, one line each: against <paramref name="message"/> when a step's
    /// assertion names one, else against the messages the step expected; and, when the frame is no message a client
    /// can receive, every message it was tried against.
    /// </summary>
    public IReadOnlyList<string> Problems(string? message)
    {
        var problems = new List<string>();
        if (message is null)
        {
            // A step that takes any message a client can receive says so in the line below, once.
            if (ConformsTo.Count == 0 && Expected.Count > 0 && !(MatchingReceived.Count == 0 && Expected.Count == Received.Count))
            {
                problems.Add($"contract: conforms to none of the messages its step expects ({string.Join(", ", Expected)})");
            }
        }
        else if (ConformsTo.Contains(message))
        {
            return problems;
        }
        else if (ConformsTo.Count > 0)
        {
            problems.Add($"contract message '{message}': the frame is {string.Join(" or ", ConformsTo.Select(m => $"'{m}'"))}, not '{message}'");
        }
        else if (Violations.TryGetValue(message, out var violations))
        {
            problems.AddRange(violations.Select(v => $"contract message '{message}': {v}"));
        }
        else
        {
            problems.Add($"contract message '{message}': not among the messages its step expects ({string.Join(", ", Expected)})");
        }

        // A frame that conforms to some message is one a client can receive, so this needs no look at ConformsTo.
        if (MatchingReceived.Count == 0)
        {
            problems.Add($"contract: the frame matches no message of {ContractFile}; tried {string.Join(", ", Received)}");
        }

        return problems;
    }
}
