using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Allure.NUnit.Attributes;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace ImServerTests.TestKit.Reporting;

/// <summary>
/// Builds an Allure result from an NUnit test: a human title, stable ids, labels in the domain's words, parameters
/// and description. The tree reads epic, then feature, then story: parentSuite, suite and subSuite follow them.
/// </summary>
public static class TestResultFactory
{
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

        var epics = Labels(test, "epic");
        var features = Labels(test, "feature") is { Count: > 0 } declared ? declared : [Humanize(className)];
        var stories = Labels(test, "story");
        var epic = epics.FirstOrDefault();
        var feature = features[0];
        var story = stories.FirstOrDefault();
        var result = new AllureTestResult
        {
            Name = Property(test, AllureNameAttribute.Key) ?? Title(test, method),
            FullName = fullName,
            TestCaseId = Md5(fullName),
            HistoryId = Md5(fullName + string.Concat(parameters.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"|{p.Name}={p.Value}"))),
            Description = Property(test, AllureDescriptionAttribute.Key) ?? Property(test, PropertyNames.Description),
            TitlePath = [epic ?? assembly, feature],
            Parameters = parameters,
        };

        result.Labels.Add(new("parentSuite", epic ?? assembly));
        result.Labels.Add(new("suite", feature));
        if (story is not null)
        {
            result.Labels.Add(new("subSuite", story));
        }

        result.Labels.AddRange(epics.Select(e => new AllureLabel("epic", e)));
        result.Labels.AddRange(features.Select(f => new AllureLabel("feature", f)));
        result.Labels.AddRange(stories.Select(s => new AllureLabel("story", s)));
        result.Labels.AddRange(
        [
            new("severity", Labels(test, "severity").FirstOrDefault() ?? nameof(Allure.Net.Commons.SeverityLevel.normal)),
            new("host", Environment.MachineName),
            new("thread", Environment.CurrentManagedThreadId.ToString(CultureInfo.InvariantCulture)),
            new("framework", "nunit"),
            new("language", "c#"),
            new("package", ns),
            new("testClass", $"{ns}.{className}"),
            new("testMethod", method),
        ]);
        result.Labels.AddRange(Tags(test).Select(c => new AllureLabel("tag", c)));
        return result;
    }

    /// <summary>"Match_assigns_a_teacher" reads "Match assigns a teacher"; a name NUnit was given (TestName) stays.</summary>
    public static string Title(ITest test, string method)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(method);
        return test.Name.StartsWith(method, StringComparison.Ordinal)
            ? Humanize(method) + test.Name[method.Length..]
            : test.Name;
    }

    private static string Humanize(string name) => name.Replace('_', ' ');

    private static List<AllureParameter> Parameters(ITest test)
    {
        var names = test.Method?.GetParameters().Select(p => p.ParameterInfo.Name ?? "arg").ToArray() ?? [];
        return test.Arguments
            .Select((value, i) => new AllureParameter(i < names.Length ? names[i] : $"arg{i}", ImServerTests.Shared.Secrets.Mask(Format(value))))
            .ToList();
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static List<string> Labels(ITest test, string name) => Values(test, AllureLabelAttribute.KeyPrefix + name);

    private static string? Property(ITest test, string key) => Values(test, key).FirstOrDefault();

    // The values of a property from its nearest declaration: the test, its parameterised-method suite, its fixture,
    // or a suite above them.
    private static List<string> Values(ITest test, string key)
    {
        for (ITest? node = test; node is not null; node = node.Parent)
        {
            // Only read: NUnit's indexer adds a missing key, and tests running side by side share their parents.
            if (node.Properties.ContainsKey(key))
            {
                return [.. node.Properties[key].OfType<string>()];
            }
        }

        return [];
    }

    // NUnit categories, from the test up to its assembly.
    private static IEnumerable<string> Tags(ITest test)
    {
        var tags = new SortedSet<string>(StringComparer.Ordinal);
        for (ITest? node = test; node is not null; node = node.Parent)
        {
            if (node.Properties.ContainsKey(PropertyNames.Category))
            {
                tags.UnionWith(node.Properties[PropertyNames.Category].OfType<string>());
            }
        }

        return tags;
    }

    private static string Md5(string text) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
