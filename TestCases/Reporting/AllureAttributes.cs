using NUnit.Framework;

namespace ImServerTests.TestCases.Reporting;

/// <summary>The Allure feature of a test or fixture: the exchange it is about (match, normal message, ...).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class FeatureAttribute : PropertyAttribute
{
    public const string Key = "AllureFeature";

    public FeatureAttribute(string feature)
        : base(Key, feature)
    {
    }
}

/// <summary>The Allure severity: blocker, critical, normal, minor or trivial.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class SeverityAttribute : PropertyAttribute
{
    public const string Key = "AllureSeverity";

    public SeverityAttribute(string severity)
        : base(Key, severity)
    {
    }
}

public static class Severity
{
    public const string Blocker = "blocker";
    public const string Critical = "critical";
    public const string Normal = "normal";
    public const string Minor = "minor";
}
