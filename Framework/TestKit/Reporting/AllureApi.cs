using System.Text;
using ImServerTests.Reporting;

namespace Allure.Net.Commons;

/// <summary>
/// Steps and attachments from inside a test, with Allure.Net.Commons' names: <c>AllureApi.Step("...", () => ...)</c>.
/// Outside a test they just run the body.
/// </summary>
public static class AllureApi
{
    public static void Step(string name, Action action) => AllureLifecycle.Instance.Step(name, action);

    public static T Step<T>(string name, Func<T> function) => AllureLifecycle.Instance.Step(name, function);

    public static Task Step(string name, Func<Task> action) => AllureLifecycle.Instance.StepAsync(name, action);

    public static Task<T> Step<T>(string name, Func<Task<T>> function) => AllureLifecycle.Instance.StepAsync(name, function);

    /// <summary>Attaches content to the running step, or to the test.</summary>
    public static void AddAttachment(string name, string type, byte[] content, string fileExtension = "") =>
        AllureLifecycle.Instance.Attach(name, type, fileExtension, content);

    public static void AddAttachment(string name, string type, string content, string fileExtension = "") =>
        AddAttachment(name, type, Encoding.UTF8.GetBytes(content), fileExtension);
}
