using ImServerTests.Server.Conversation;
using ImServerTests.Server.Faults;
using ImServerTests.Shared;

namespace ImServerTests.Server;

/// <summary>
/// The embedded server as a run of the suite starts it when no server is named (the regression, Load, the fault
/// proof, the benchmarks): with the fault IMSERVER_EMBEDDED_FAULT names and the think time of
/// IMSERVER_EMBEDDED_REPLY_DELAY, else as it ships. A value it cannot use stops the run with a message that names
/// the variable, the value and what is allowed.
/// </summary>
public static class EmbeddedServer
{
    /// <summary>Starts the server on a free port; matches the suite's embedded-server seam, so it can be passed as it is.</summary>
    public static async Task<IStartedServer> StartAsync(Func<string, string?> variables, CancellationToken cancellationToken) =>
        await ImServer.StartAsync(OptionsFrom(variables), cancellationToken).ConfigureAwait(false);

    /// <summary>The options the variables ask for; an unknown fault or an unreadable delay is an <see cref="ArgumentException"/>.</summary>
    public static ImServerOptions OptionsFrom(Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var options = new ImServerOptions();
        if (variables(EnvironmentVariables.EmbeddedFault) is { Length: > 0 } name)
        {
            options = options with
            {
                Fault = FaultCatalogue.Find(name) ?? throw new ArgumentException(
                    $"environment variable {EnvironmentVariables.EmbeddedFault} is '{name}', which names no fault of the embedded server; "
                    + $"allowed: {string.Join(", ", FaultCatalogue.All.Select(f => f.Name))} (unset it for the correct server)."),
            };
        }

        if (variables(EnvironmentVariables.EmbeddedReplyDelay) is { Length: > 0 } delay)
        {
            try
            {
                options = options with { ReplyDelay = ThinkTime.Parse(delay) };
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"environment variable {EnvironmentVariables.EmbeddedReplyDelay} is '{delay}': {e.Message}.", e);
            }
        }

        return options;
    }
}
