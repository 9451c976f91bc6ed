using System.Text;
using Allure.Net.Commons;
using ImServerTests.TestKit.Fuzzing.Running;
using NUnit.Framework;

namespace ImServerTests.TestKit.Fuzzing;

/// <summary>
/// A fuzz run in the Allure report: one step per property, passed with how often it was checked, or failed with the
/// shrunk case, its seed, its transcripts and its regression scenario attached.
/// </summary>
public static class FuzzReportSteps
{
    public static void Record(FuzzReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var property in FuzzProperties.All)
        {
            try
            {
                AllureApi.Step($"{property.Title()} (checked {report.Tally[property]:#,0} times)", () =>
                {
                    if (report.Failure is { } failure && failure.Property == property)
                    {
                        Attach("shrunk case", $"seed {report.Seed}{Environment.NewLine}{failure.Case}{Environment.NewLine}{Environment.NewLine}{failure.Message}");
                        Attach("regression scenario", RegressionCase.Yaml(report), "application/yaml", ".yml");
                        Attach("transcripts", failure.Transcripts);
                        throw new AssertionException(report.Headline);
                    }
                });
            }
            catch (AssertionException)
            {
                // the step is marked failed; the test fails with the whole report after every property is shown
            }
        }
    }

    private static void Attach(string name, string text, string type = "text/plain", string extension = ".txt") =>
        AllureApi.AddAttachment(name, type, Encoding.UTF8.GetBytes(text), extension);
}
