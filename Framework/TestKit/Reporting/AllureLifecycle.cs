using System.Collections.Immutable;
using System.Text;
using ImServerTests.Shared;
using NUnit.Framework;

namespace ImServerTests.TestKit.Reporting;

/// <summary>
/// The running test and its open steps. State lives in an <see cref="AsyncLocal{T}"/>, so async code nests
/// steps under the right parent and parallel tests never see each other's steps.
/// </summary>
public sealed class AllureLifecycle
{
    private static readonly Lock StartGate = new();
    private static AllureLifecycle? _instance;
    private readonly AsyncLocal<RunningTest?> _current = new();

    public AllureLifecycle(IResultsWriter writer) => Writer = writer;

    /// <summary>The lifecycle of this test run, writing to allure-results/ (or ALLURE_RESULTS_DIR).</summary>
    public static AllureLifecycle Instance => _instance ?? ForAssembly("tests");

    /// <summary>
    /// Starts the run's lifecycle for one test assembly, once: its earlier results are removed and its files
    /// carry its own prefix, so assemblies that run side by side keep out of each other's way.
    /// </summary>
    public static AllureLifecycle ForAssembly(string assemblyName)
    {
        lock (StartGate)
        {
            if (_instance is null)
            {
                var prefix = ResultsDirectory.PrefixOf(assemblyName);
                _instance = new AllureLifecycle(new FileResultsWriter(ResultsDirectory.Prepare(prefix), prefix));
            }

            return _instance;
        }
    }

    public IResultsWriter Writer { get; }

    public AllureTestResult? CurrentTest => _current.Value?.Test;

    public void StartTest(AllureTestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        result.Start = Now();
        result.Stage = "running";
        _current.Value = new RunningTest(result, ImmutableStack<AllureExecutable>.Empty.Push(result));
    }

    /// <summary>Finishes the running test and writes its result.</summary>
    public AllureTestResult? StopTest(string status, AllureStatusDetails? details)
    {
        if (_current.Value is not { } running)
        {
            return null;
        }

        var result = running.Test;
        result.Status = status;
        result.StatusDetails = details is null ? null : new AllureStatusDetails(Secrets.MaskOrNull(details.Message), Secrets.MaskOrNull(details.Trace));
        result.Stop = Now();
        result.Stage = "finished";
        _current.Value = null;
        Writer.Write(result);
        return result;
    }

    public void Step(string name, Action body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Step(name, () =>
        {
            body();
            return true;
        });
    }

    /// <summary>A step around synchronous code: the async wrapper completes before it returns, so nothing blocks.</summary>
    public T Step<T>(string name, Func<T> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return StepAsync(name, () => Task.FromResult(body())).GetAwaiter().GetResult();
    }

    public Task StepAsync(string name, Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return StepAsync(name, async () =>
        {
            await body().ConfigureAwait(false);
            return true;
        });
    }

    public async Task<T> StepAsync<T>(string name, Func<Task<T>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var (outer, step) = Begin(name);
        try
        {
            var value = await body().ConfigureAwait(false);
            End(step, AllureStatus.Passed, null);
            return value;
        }
        catch (Exception e)
        {
            End(step, StatusOf(e), Details(e));
            throw;
        }
        finally
        {
            _current.Value = outer;
        }
    }

    /// <summary>Attaches content to the innermost open step, or to the test; does nothing outside a test.</summary>
    public void Attach(string name, string mimeType, string extension, byte[] content)
    {
        if (_current.Value is not { } running)
        {
            return;
        }

        // Text goes out with its secrets masked; a screenshot or other binary content is written as it is.
        if (mimeType.StartsWith("text/", StringComparison.Ordinal) || mimeType == "application/json")
        {
            content = Encoding.UTF8.GetBytes(Secrets.Mask(Encoding.UTF8.GetString(content)));
        }

        var source = Writer.WriteAttachment(content, extension);
        lock (running.Gate)
        {
            running.Open.Peek().Attachments.Add(new AllureAttachment(Secrets.Mask(name), source, mimeType));
        }
    }

    /// <summary>Adds a parameter to the innermost open step, or to the test; does nothing outside a test.</summary>
    public void AddParameter(string name, string value)
    {
        if (_current.Value is not { } running)
        {
            return;
        }

        lock (running.Gate)
        {
            running.Open.Peek().Parameters.Add(new AllureParameter(name, Secrets.Mask(value)));
        }
    }

    public void AttachText(string name, string text) => Attach(name, "text/plain", ".txt", Encoding.UTF8.GetBytes(text));

    public void AttachJson(string name, string json) => Attach(name, "application/json", ".json", Encoding.UTF8.GetBytes(json));

    /// <summary>Assertion failures are "failed"; every other exception (timeout, refused connection) is "broken".</summary>
    public static string StatusOf(Exception exception) =>
        exception is AssertionException or MultipleAssertException ? AllureStatus.Failed : AllureStatus.Broken;

    public static AllureStatusDetails Details(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new AllureStatusDetails(Secrets.Mask(exception.Message), Secrets.MaskOrNull(exception.StackTrace));
    }

    public static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private (RunningTest? Outer, AllureStep? Step) Begin(string name)
    {
        var outer = _current.Value;
        if (outer is null)
        {
            return (null, null);
        }

        var step = new AllureStep { Name = Secrets.Mask(name), Start = Now() };
        lock (outer.Gate)
        {
            outer.Open.Peek().Steps.Add(step);
        }

        _current.Value = outer with { Open = outer.Open.Push(step) };
        return (outer, step);
    }

    private static void End(AllureStep? step, string status, AllureStatusDetails? details)
    {
        if (step is null)
        {
            return;
        }

        step.Status = status;
        step.StatusDetails = details;
        step.Stop = Now();
        step.Stage = "finished";
    }

    private sealed record RunningTest(AllureTestResult Test, ImmutableStack<AllureExecutable> Open)
    {
        public Lock Gate { get; } = new();
    }
}
