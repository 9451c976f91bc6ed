using NUnit.Framework;

namespace Allure.NUnit.Attributes;

/// <summary>The test's title in the report, in place of its method name.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class AllureNameAttribute(string name) : PropertyAttribute(Key, name)
{
    public const string Key = "allure:name";
}

/// <summary>The test's description in the report (NUnit's [Description] is used when there is none).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class AllureDescriptionAttribute(string description) : PropertyAttribute(Key, description)
{
    public const string Key = "allure:description";
}
