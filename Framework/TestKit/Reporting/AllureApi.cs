using ImServerTests.TestKit.Reporting;

namespace Allure.Net.Commons;

/// <summary>
/// Steps and attachments from inside a test, with the signatures of Allure.Net.Commons' AllureApi:
/// <c>AllureApi.Step("...", () => ...)</c>. Outside a test they just run the body.
/// </summary>
public static class AllureApi
{
    public static void Step(string name, Action action) => AllureLifecycle.Instance.Step(name, action);

    public static T Step<T>(string name, Func<T> function) => AllureLifecycle.Instance.Step(name, function);

    public static Task Step(string name, Func<Task> action) => AllureLifecycle.Instance.StepAsync(name, action);

    public static Task<T> Step<T>(string name, Func<Task<T>> function) => AllureLifecycle.Instance.StepAsync(name, function);

    /// <summary>
    /// Attaches content to the running step, or to the test. Text goes in as bytes (UTF-8): the official API's
    /// (name, type, string) overload reads a file at that path, so this adapter has no string overload to confuse with it.
    /// </summary>
    public static void AddAttachment(string name, string type, byte[] content, string fileExtension = "") =>
        AllureLifecycle.Instance.Attach(name, type, fileExtension, content);
}
