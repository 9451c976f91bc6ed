using System.Text.Json.Serialization;

namespace ImServerTests.TestKit.Reporting;

// The Allure results model: what one {uuid}-result.json and {uuid}-container.json hold.
// Mutable classes because a result is filled in while its test runs; each belongs to one test.

public sealed record AllureLabel(string Name, string Value);

public sealed record AllureParameter(string Name, string Value);

public sealed record AllureLink(string Name, string Url, string Type);

public sealed record AllureAttachment(string Name, string Source, string Type);

public sealed record AllureStatusDetails(string? Message, string? Trace);

/// <summary>What a test and a step share: name, status, time, nested steps and attachments.</summary>
public class AllureExecutable
{
    public string Name { get; set; } = "";
    public string? Status { get; set; }
    public AllureStatusDetails? StatusDetails { get; set; }
    public string Stage { get; set; } = "running";
    public long Start { get; set; }
    public long Stop { get; set; }
    public List<AllureStep> Steps { get; init; } = [];
    public List<AllureAttachment> Attachments { get; init; } = [];
    public List<AllureParameter> Parameters { get; init; } = [];
}

public sealed class AllureStep : AllureExecutable;

public sealed class AllureTestResult : AllureExecutable
{
    public string Uuid { get; init; } = Guid.NewGuid().ToString();
    public string HistoryId { get; set; } = "";
    public string TestCaseId { get; set; } = "";
    public string FullName { get; set; } = "";
    public string? Description { get; set; }
    public List<string> TitlePath { get; init; } = [];
    public List<AllureLabel> Labels { get; init; } = [];
    public List<AllureLink> Links { get; init; } = [];
}

public sealed class AllureContainer
{
    public string Uuid { get; init; } = Guid.NewGuid().ToString();
    public string Name { get; set; } = "";
    public List<string> Children { get; init; } = [];
    public List<AllureStep> Befores { get; init; } = [];
    public List<AllureStep> Afters { get; init; } = [];
    public long Start { get; set; }
    public long Stop { get; set; }
}

public static class AllureStatus
{
    public const string Passed = "passed";
    public const string Failed = "failed";
    public const string Broken = "broken";
    public const string Skipped = "skipped";
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(AllureTestResult))]
[JsonSerializable(typeof(AllureContainer))]
[JsonSerializable(typeof(List<AllureCategory>))]
[JsonSerializable(typeof(AllureExecutor))]
internal sealed partial class AllureJson : JsonSerializerContext;

public sealed record AllureCategory(string Name, string? MessageRegex, string? TraceRegex, IReadOnlyList<string> MatchedStatuses);

public sealed record AllureExecutor(string Name, string Type, string? BuildName, string? BuildUrl, string? ReportUrl);
