using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NUnit.Framework;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace ImServerTests.TestCases.Reporting;

/// <summary>Builds an Allure result from an NUnit test: names, stable ids, labels, parameters and description.</summary>
public static class TestResultFactory
{
    public const string Epic = "IM server";

    public static AllureTestResult Create(ITest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var type = test.TypeInfo?.Type;
        var assembly = type?.Assembly.GetName().Name ?? "tests";
        var ns = type?.Namespace ?? "";
        var className = type?.Name ?? test.ClassName ?? "";
        var method = test.Method?.Name ?? test.Name;
        var parameterTypes = test.Method?.GetParameters().Select(p => p.ParameterType.Name) ?? [];
        var fullName = $"{assembly}:{ns}.{className}.{method}({string.Join(",", parameterTypes)})";
        var parameters = Parameters(test);

        var result = new AllureTestResult
        {
            Name = test.Name,
            FullName = fullName,
            TestCaseId = Md5(fullName),
            HistoryId = Md5(fullName + string.Concat(parameters.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"|{p.Name}={p.Value}"))),
            Description = Property(test, PropertyNames.Description),
            TitlePath = [assembly, ns, className],
            Parameters = parameters,
        };

        result.Labels.AddRange(
        [
            new("parentSuite", assembly),
            new("suite", ns),
            new("subSuite", className),
            new("epic", Epic),
            new("feature", Property(test, FeatureAttribute.Key) ?? className),
            new("severity", Property(test, SeverityAttribute.Key) ?? Severity.Normal),
            new("host", Environment.MachineName),
            new("thread", Environment.CurrentManagedThreadId.ToString(CultureInfo.InvariantCulture)),
            new("framework", "nunit"),
            new("language", "c#"),
            new("package", ns),
            new("testClass", $"{ns}.{className}"),
            new("testMethod", method),
        ]);
        result.Labels.AddRange(Categories(test).Select(c => new AllureLabel("tag", c)));
        return result;
    }

    private static List<AllureParameter> Parameters(ITest test)
    {
        var names = test.Method?.GetParameters().Select(p => p.ParameterInfo.Name ?? "arg").ToArray() ?? [];
        return test.Arguments
            .Select((value, i) => new AllureParameter(i < names.Length ? names[i] : $"arg{i}", Format(value)))
            .ToList();
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    // A property set on the test, its parameterised-method suite or its fixture, nearest first.
    private static string? Property(ITest test, string key)
    {
        for (ITest? node = test; node is not null; node = node.Parent)
        {
            if (node.Properties.Get(key) is string value)
            {
                return value;
            }

            if (node.IsSuite && node.Method is null)
            {
                break; // stop at the fixture
            }
        }

        return null;
    }

    private static IEnumerable<string> Categories(ITest test)
    {
        var categories = new SortedSet<string>(StringComparer.Ordinal);
        for (ITest? node = test; node is not null; node = node.Parent)
        {
            foreach (var category in node.Properties[PropertyNames.Category].OfType<string>())
            {
                categories.Add(category);
            }
        }

        return categories;
    }

    private static string Md5(string text) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
