using ImServerTests.Server.Conversation;
using ImServerTests.Server.Faults;

namespace ImServerTests.Server;

/// <summary>
/// The embedded server as a run of the suite starts it when no server is named (the regression, Load, the fault
/// proof, the benchmarks): with the fault IMSERVER_EMBEDDED_FAULT names and the think time of
/// IMSERVER_EMBEDDED_REPLY_DELAY, else as it ships. A value it cannot use stops the run with a message that names
/// the variable, the value and what is allowed.
/// </summary>
public static class EmbeddedServer
{
    /// <summary>A fault of the embedded server a run starts (the regression, Load); the fault proof sets it, normal runs do not.</summary>
    public const string FaultVariable = "IMSERVER_EMBEDDED_FAULT";

    /// <summary>The embedded teacher's think time, MIN-MAX ms, or 0.</summary>
    public const string ReplyDelayVariable = "IMSERVER_EMBEDDED_REPLY_DELAY";

    /// <summary>
    /// Starts the server on a free port: where it listens, and what stops it. Only .NET types cross, so the suite's
    /// libraries take it as their embedded-server seam without knowing this project.
    /// </summary>
    public static async Task<(Uri BaseUrl, IAsyncDisposable Running)> StartAsync(Func<string, string?> variables, CancellationToken cancellationToken)
    {
        var server = await ImServer.StartAsync(OptionsFrom(variables), cancellationToken).ConfigureAwait(false);
        return (server.BaseUrl, server);
    }

    /// <summary>The options the variables ask for; an unknown fault or an unreadable delay is an <see cref="ArgumentException"/>.</summary>
    public static ImServerOptions OptionsFrom(Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var options = new ImServerOptions();
        if (variables(FaultVariable) is { Length: > 0 } name)
        {
            options = options with
            {
                Fault = FaultCatalogue.Find(name) ?? throw new ArgumentException(
                    $"environment variable {FaultVariable} is '{name}', which names no fault of the embedded server; "
                    + $"allowed: {string.Join(", ", FaultCatalogue.All.Select(f => f.Name))} (unset it for the correct server)."),
            };
        }

        if (variables(ReplyDelayVariable) is { Length: > 0 } delay)
        {
            try
            {
                options = options with { ReplyDelay = ThinkTime.Parse(delay) };
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"environment variable {ReplyDelayVariable} is '{delay}': {e.Message}.", e);
            }
        }

        return options;
    }
}
