using ImServerTests.Server.Conversation;
using ImServerTests.Server.Faults;

namespace ImServerTests.Server;

/// <summary>
/// The embedded server as a run of the suite starts it when no server is named (the regression, Load, the fault
/// proof, the benchmarks). The suite decides what it asks for (its fault, its think time and its message limit, from
/// the run's variables and websocket.yml) and hands the values over as plain text and numbers; a value this server
/// cannot use is an <see cref="ArgumentException"/> whose parameter name says which value it was and whose message
/// says what is allowed.
/// </summary>
public static class EmbeddedServer
{
    /// <summary>
    /// Starts the server on a free port: where it listens, and what stops it. Only .NET types cross, so the suite's
    /// libraries take it as their embedded-server seam without knowing this project.
    /// </summary>
    public static async Task<(Uri BaseUrl, IAsyncDisposable Running)> StartAsync(string? fault, string? replyDelay, int maxMessageChars, CancellationToken cancellationToken)
    {
        var server = await ImServer.StartAsync(Options(fault, replyDelay, maxMessageChars), cancellationToken).ConfigureAwait(false);
        return (server.BaseUrl, server);
    }

    /// <summary>The options asked for: a fault by name (empty: none), a think time MIN-MAX ms or 0 (empty: the default), a message limit.</summary>
    public static ImServerOptions Options(string? fault, string? replyDelay, int maxMessageChars)
    {
        var options = new ImServerOptions
        {
            MaxMessageChars = maxMessageChars > 0
                ? maxMessageChars
                : throw new ArgumentException($"'{maxMessageChars}': use a positive number of characters.", nameof(maxMessageChars)),
        };
        if (fault is { Length: > 0 })
        {
            options = options with
            {
                Fault = FaultCatalogue.Find(fault) ?? throw new ArgumentException(
                    $"'{fault}', which names no fault of the embedded server; allowed: {string.Join(", ", FaultCatalogue.All.Select(f => f.Name))} (unset it for the correct server).",
                    nameof(fault)),
            };
        }

        if (replyDelay is { Length: > 0 })
        {
            try
            {
                options = options with { ReplyDelay = ThinkTime.Parse(replyDelay) };
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"'{replyDelay}': {e.Message}.", nameof(replyDelay), e);
            }
        }

        return options;
    }
}
