using System.Globalization;
using FluentAssertions;
using FluentAssertions.Execution;
using ImServerTests.Api;

namespace ImServerTests.TestCases.Regression;

/// <summary>
/// Soft assertions on whole frames, like the seed's pytest.assume: every field is checked and every
/// difference is reported at once, with the frame it came from.
/// </summary>
public static class FrameAssert
{
    public const string UuidPattern = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
    public const string TeacherIdPattern = "^[0-9a-f]{32}__mtx$";

    // Far enough for a real server's clock to be off by a day, near enough to tell seconds from milliseconds.
    private static readonly TimeSpan ClockTolerance = TimeSpan.FromDays(1);

    /// <summary>A scope whose failure message ends with the frame under test, named by <paramref name="what"/>.</summary>
    public static AssertionScope Scope(ImFrame frame, string what)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var scope = new AssertionScope();
        scope.AddReportable(what, frame.Raw);
        return scope;
    }

    /// <summary>What holds for every frame: all seven fields are strings, msgId is a UUID, timestamp is epoch milliseconds now.</summary>
    public static void HasWellFormedEnvelope(ImFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        frame.SchemaProblems.Should().BeEmpty("every field of a frame is a JSON string");
        frame.MsgId.Should().NotBeNull("a frame carries a msgId").And.MatchRegex(UuidPattern, "msgId is a fresh dashed UUID");
        TimestampIsNow(frame.Timestamp);
    }

    /// <summary>The server's own answer: from system, to this user, with the given code and type.</summary>
    public static void IsSystemFrame(ImFrame frame, string code, string type, string to)
    {
        ArgumentNullException.ThrowIfNull(frame);
        frame.Code.Should().Be(code, "code is \"0\" for success and \"1\" for failure, as a string");
        frame.Type.Should().Be(type);
        frame.From.Should().Be(ImRequest.System, "the server's own frames come from system");
        frame.To.Should().Be(to, "a frame names the receiving user in to");
        HasWellFormedEnvelope(frame);
    }

    /// <summary>An error answer: code "1" from system to this user, with some error text.</summary>
    public static void IsRefusal(ImFrame frame, string to, params string[] allowedTypes)
    {
        ArgumentNullException.ThrowIfNull(frame);
        frame.Code.Should().Be("1", "the request is wrong, so the server answers with code \"1\"");
        frame.Type.Should().BeOneOf(allowedTypes);
        frame.From.Should().Be(ImRequest.System, "the server's own frames come from system");
        frame.To.Should().Be(to, "a frame names the receiving user in to");
        frame.Msg.Should().NotBeNullOrWhiteSpace("an error reply says what is wrong");
        HasWellFormedEnvelope(frame);
    }

    private static void TimestampIsNow(string? timestamp)
    {
        var now = DateTimeOffset.UtcNow;
        var isMilliseconds = long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ms);
        isMilliseconds.Should().BeTrue("timestamp is Unix time in milliseconds as a decimal string, but it is '{0}'", timestamp);
        if (isMilliseconds)
        {
            ms.Should().BeInRange(
                (now - ClockTolerance).ToUnixTimeMilliseconds(),
                (now + ClockTolerance).ToUnixTimeMilliseconds(),
                "timestamp is the current time in milliseconds (seconds or another epoch would be far off)");
        }
    }
}
