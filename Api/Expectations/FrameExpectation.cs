namespace ImServerTests.Api.Expectations;

/// <summary>
/// What a whole frame must be: a matcher per field. With <see cref="Exact"/>, fields it does not name must be
/// absent, for a frame that carries only what its sender gave.
/// </summary>
public sealed record FrameExpectation(IReadOnlyDictionary<string, FieldMatcher> Fields, bool Exact = false)
{
    /// <summary>
    /// A frame of the server's own, by the five fields a case decides; that msgId is a UUID and timestamp epoch
    /// milliseconds, and that every field is a string, is the contract's part.
    /// </summary>
    public static FrameExpectation ServerFrame(string code, string type, string from, string to, FieldMatcher msg) =>
        new(new Dictionary<string, FieldMatcher>
        {
            ["code"] = FieldMatcher.Is(code),
            ["type"] = FieldMatcher.Is(type),
            ["from"] = FieldMatcher.Is(from),
            ["to"] = FieldMatcher.Is(to),
            ["msg"] = msg,
        });

    /// <summary>Every difference between the frame and this expectation, one line each, field by field.</summary>
    public IReadOnlyList<string> Mismatches(ImFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var mismatches = new List<string>();
        foreach (var (name, matcher) in Fields)
        {
            if (matcher.Mismatch(frame.Field(name)) is { } problem)
            {
                mismatches.Add($"{name} {problem}");
            }
        }

        if (Exact)
        {
            mismatches.AddRange(frame.Fields.Keys
                .Where(name => !Fields.ContainsKey(name))
                .Select(name => $"{name} is \"{frame.Field(name)}\", expected no such field (its sender did not give one)"));
        }

        return mismatches;
    }

    /// <summary>
    /// Everything wrong with <paramref name="frame"/>, one line each: the fields that differ, what the contract
    /// says of it, whether it came later than its budget and whether its timestamp is off the clock (against
    /// <paramref name="contractMessage"/> when given); a missing frame is one problem.
    /// </summary>
    public IReadOnlyList<string> Problems(ImFrame? frame, string? contractMessage = null) =>
        frame is null
            ? ["no frame arrived"]
            : [.. Mismatches(frame), .. frame.Conformance?.Problems(contractMessage) ?? [], .. frame.Timing?.Problems ?? []];

    /// <summary>The expectation in words, one field a line.</summary>
    public string Describe() =>
        string.Join(", ", Fields.Select(f => $"{f.Key}: {f.Value.Describe()}")) + (Exact ? ", and no other field" : "");
}
