using System.Globalization;
using ImServerTests.Server.Conversation;
using ImServerTests.Server.Faults;

namespace ImServerTests.Server;

/// <summary>The standalone server's command line: options in, <see cref="ImServerOptions"/> out, or a message saying what is wrong.</summary>
public static class CommandLine
{
    public const string DefaultUrl = "http://127.0.0.1:9088";

    public static string Help
    {
        get
        {
            var faults = string.Join(Environment.NewLine,
                FaultCatalogue.All.Select(f => $"  {f.Name,-24} {f.Description}"));
            return $"""
                The embedded pinter-compatible IM server.

                Usage: dotnet run --project Server -- [options]

                Options:
                  --urls URL               where to listen (default {DefaultUrl}); clients connect to
                                           ws://HOST:PORT/pinter/imserver/{"{userId}"}
                  --reply-delay MIN-MAX    the teacher's think time in ms (default {ThinkTime.Default});
                                           1000-3000 behaves like the public pinter server
                  --max-message-bytes N    longer text frames are closed with 1009 (default {ImServerOptions.DefaultMaxMessageBytes})
                  --identity-check on|off  on: refuse a match or normal message whose from is not the connection's
                                           own user, as a careful server would (default off, like the real server)
                  --fault NAME             inject one defect or legal variation (see below); for proving the suite
                  --verbose                log every refusal and connection
                  -h, --help               show this help

                Faults:
                {faults}
                """;
        }
    }

    /// <summary>Parses the arguments; returns null and sets <paramref name="error"/> when they are wrong.</summary>
    public static ImServerOptions? Parse(IReadOnlyList<string> args, out string? error, out bool helpWanted)
    {
        var options = new ImServerOptions { Url = DefaultUrl, LogLevel = LogLevel.Information };
        error = null;
        helpWanted = false;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                helpWanted = true;
                return options;
            }

            if (name == "--verbose")
            {
                options = options with { LogLevel = LogLevel.Debug };
                continue;
            }

            if (name is not ("--urls" or "--reply-delay" or "--max-message-bytes" or "--identity-check" or "--fault"))
            {
                error = $"unknown option '{name}': see --help";
                return null;
            }

            if (i + 1 >= args.Count)
            {
                error = $"{name} needs a value: see --help";
                return null;
            }

            var value = args[++i];
            try
            {
                options = name switch
                {
                    "--urls" => options with { Url = ParseUrl(value) },
                    "--reply-delay" => options with { ReplyDelay = ThinkTime.Parse(value) },
                    "--max-message-bytes" => options with { MaxMessageBytes = ParseSize(value) },
                    "--identity-check" => options with { CheckIdentity = ParseOnOff(value) },
                    _ => options with { Fault = ParseFault(value) },
                };
            }
            catch (FormatException e)
            {
                error = $"{name}: {e.Message}";
                return null;
            }
        }

        return options;
    }

    private static string ParseUrl(string value)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return value;
        }

        throw new FormatException($"'{value}' is not an http:// URL such as {DefaultUrl}");
    }

    private static int ParseSize(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && bytes > 0
            ? bytes
            : throw new FormatException($"'{value}' is not a positive number of bytes");

    private static bool ParseOnOff(string value) => value switch
    {
        "on" => true,
        "off" => false,
        _ => throw new FormatException($"'{value}' is neither on nor off"),
    };

    private static Fault ParseFault(string value) =>
        FaultCatalogue.Find(value)
        ?? throw new FormatException($"unknown fault '{value}'; known: {string.Join(", ", FaultCatalogue.All.Select(f => f.Name))}");
}
