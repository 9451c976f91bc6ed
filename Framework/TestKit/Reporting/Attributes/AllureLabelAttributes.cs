using NUnit.Framework;

namespace Allure.NUnit.Attributes;

/// <summary>
/// A label of the Allure result, set on a test or a fixture (inherited by derived fixtures), the places Allure.NUnit
/// reads them from. Stored as an NUnit property, so the nearest declaration wins: method, then class.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public abstract class AllureLabelAttribute : PropertyAttribute
{
    public const string KeyPrefix = "allure:";

    /// <summary>One label per value, as Allure.NUnit's attributes that take several values write them.</summary>
    protected AllureLabelAttribute(string label, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var value in values)
        {
            Properties.Add(KeyPrefix + label, value);
        }
    }
}

/// <summary>The epic: the big area a test belongs to ("IM server regression").</summary>
public sealed class AllureEpicAttribute(string epic) : AllureLabelAttribute("epic", epic);

/// <summary>The feature: the exchange or part it is about ("Error replies"). The first one places the test in the tree.</summary>
public sealed class AllureFeatureAttribute(params string[] feature) : AllureLabelAttribute("feature", feature);

/// <summary>The story: the case within the feature ("Blank frame"). The first one places the test in the tree.</summary>
public sealed class AllureStoryAttribute(params string[] story) : AllureLabelAttribute("story", story);

/// <summary>How bad a failure is: blocker, critical, normal, minor or trivial.</summary>
public sealed class AllureSeverityAttribute(Allure.Net.Commons.SeverityLevel severity = Allure.Net.Commons.SeverityLevel.normal)
    : AllureLabelAttribute("severity", severity.ToString());
