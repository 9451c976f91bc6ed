using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ImServerTests.Api.Expectations;

/// <summary>
/// What one field of a frame must be. <see cref="Mismatch"/> says what is wrong, or null when it fits. The matchers
/// with a name are declared here, once, each by one line: the C# cases use them as properties, and the scenario
/// language (match: NAME), its editor schema and its docs take them from <see cref="Named"/>.
/// </summary>
public abstract record FieldMatcher
{
    // Filled by Named(...) in the order of the properties below, which is the order the scenario language lists them in.
    private static readonly List<FieldMatcher> NamedList = [];

    public static FieldMatcher Uuid { get; } = Named("uuid", new PatternMatcher(Protocol.UuidPattern, "a dashed UUID"));

    public static FieldMatcher EpochMillis { get; } = Named("epochMillis", new EpochMillisNow(), "Unix time in milliseconds near now");

    public static FieldMatcher Any { get; } = Named("any", new AnyText(), "any text (the field must be there)");

    public static FieldMatcher Absent { get; } = Named("absent", new AbsentField(), "no such field");

    public static FieldMatcher TeacherId { get; } = Named("teacherId", new PatternMatcher(Protocol.TeacherIdPattern, "a teacher id (32 lowercase hex digits and __mtx)"));

    /// <summary>Every matcher with a name, in the order declared.</summary>
    public static IReadOnlyList<FieldMatcher> NamedMatchers => NamedList;

    /// <summary>The name the scenario language writes it by (match: NAME); null for a matcher made from a text.</summary>
    public string? Name { get; private init; }

    /// <summary>What it means, for a reader of the scenario language: its description, unless its declaration says more.</summary>
    public string Meaning => _meaning ?? Describe();

    private string? _meaning;

    public static FieldMatcher Is(string value) => new Literal(value);

    /// <summary>The field matches <paramref name="pattern"/>. The matchers of the first patterns asked for are kept and given again.</summary>
    public static FieldMatcher Matches(string pattern, string? description = null)
    {
        var key = (pattern, description ?? $"text matching /{pattern}/");
        if (KnownPatterns.TryGetValue(key, out var known))
        {
            return known;
        }

        var matcher = new PatternMatcher(key.pattern, key.Item2);
        return KnownPatterns.Count < MaxKnownPatterns ? KnownPatterns.GetOrAdd(key, matcher) : matcher;
    }

    // A scenario's regex step asks for its matcher on every run of the step, in a load run once a session, and
    // building a Regex costs far more than matching with one. Patterns come from scenario files, so a few hundred
    // is plenty; past the cap a matcher is built each time, as before.
    private const int MaxKnownPatterns = 1_000;
    private static readonly ConcurrentDictionary<(string Pattern, string Description), FieldMatcher> KnownPatterns = new();

    /// <summary>Null when <paramref name="actual"/> (null: the field is absent) fits; otherwise what is wrong.</summary>
    public abstract string? Mismatch(string? actual);

    /// <summary>What the field must be, in words.</summary>
    public abstract string Describe();

    public sealed override string ToString() => Describe();

    private static FieldMatcher Named(string name, FieldMatcher matcher, string? meaning = null)
    {
        var named = matcher with { Name = name, _meaning = meaning };
        NamedList.Add(named);
        return named;
    }

    private static string Show(string? actual) => actual is null ? "absent" : $"\"{actual}\"";

    private sealed record Literal(string Value) : FieldMatcher
    {
        public override string? Mismatch(string? actual) =>
            actual == Value ? null
            : actual is not null && TextDifference.NeedsPointing(actual, Value) ? $"is {TextDifference.Shown(actual)}, expected {TextDifference.Shown(Value)}; {TextDifference.First(Value, actual)}"
            : $"is {Show(actual)}, expected \"{Value}\"";

        public override string Describe() => $"\"{Value}\"";
    }

    private sealed record PatternMatcher(string Pattern, string Description) : FieldMatcher
    {
        private readonly Regex _regex = new(Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

        public override string? Mismatch(string? actual) =>
            actual is not null && _regex.IsMatch(actual) ? null : $"is {Show(actual)}, expected {Description}";

        public override string Describe() => Description;
    }

    private sealed record AnyText : FieldMatcher
    {
        public override string? Mismatch(string? actual) => actual is null ? "is absent, expected a text" : null;

        public override string Describe() => "any text";
    }

    private sealed record AbsentField : FieldMatcher
    {
        public override string? Mismatch(string? actual) => actual is null ? null : $"is {Show(actual)}, expected no such field";

        public override string Describe() => "absent";
    }

    // Far enough for a real server's clock to be off by a day, near enough to tell seconds from milliseconds.
    private sealed record EpochMillisNow : FieldMatcher
    {
        private static readonly TimeSpan ClockTolerance = TimeSpan.FromDays(1);

        public override string? Mismatch(string? actual)
        {
            if (!long.TryParse(actual, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
            {
                return $"is {Show(actual)}, expected Unix time in milliseconds as a decimal string";
            }

            var now = DateTimeOffset.UtcNow;
            return ms >= (now - ClockTolerance).ToUnixTimeMilliseconds() && ms <= (now + ClockTolerance).ToUnixTimeMilliseconds()
                ? null
                : $"is \"{actual}\", expected the current time in milliseconds (seconds or another epoch are far off)";
        }

        public override string Describe() => "Unix time in milliseconds, near now";
    }
}
