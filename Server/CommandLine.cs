using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ImServerTests.Server.Conversation;
using ImServerTests.Server.Faults;
using ImServerTests.Server.Security;

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
                  --tls                    serve wss:// with a self-signed certificate made at start (for localhost,
                                           127.0.0.1 and ::1); its PEM is written to a file named at start-up,
                                           for clients to trust with tls.caFile; an http:// URL becomes https://
                  --tls-ca-file PATH       where --tls writes that PEM (default: a file in the temporary folder)
                  --certificate FILE       serve wss:// with this PEM certificate ...
                  --key FILE               ... and this PEM private key (both, or neither)
                  --require-token TOKEN    refuse the upgrade with 401 unless it carries Authorization: Bearer TOKEN
                                           or ?token=TOKEN
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
        var tls = false;
        string? certificateFile = null;
        string? keyFile = null;
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

            if (name == "--tls")
            {
                tls = true;
                continue;
            }

            if (name is not ("--urls" or "--reply-delay" or "--max-message-bytes" or "--identity-check" or "--fault"
                or "--tls-ca-file" or "--certificate" or "--key" or "--require-token"))
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
                    "--tls-ca-file" => options with { CertificateAuthorityFile = ParsePath(value) },
                    "--require-token" => options with { RequiredToken = ParseToken(value) },
                    "--certificate" => Remember(ref certificateFile, value, options),
                    "--key" => Remember(ref keyFile, value, options),
                    _ => options with { Fault = ParseFault(value) },
                };
            }
            catch (FormatException e)
            {
                error = $"{name}: {e.Message}";
                return null;
            }
        }

        return WithCertificate(options, tls, certificateFile, keyFile, out error);
    }

    // --tls makes a certificate; --certificate and --key read one; never both, and never one file without the other.
    private static ImServerOptions? WithCertificate(ImServerOptions options, bool tls, string? certificateFile, string? keyFile, out string? error)
    {
        error = (tls, certificateFile, keyFile) switch
        {
            (true, not null, _) or (true, _, not null) => "--tls makes its own certificate: give either --tls, or --certificate and --key",
            (false, not null, null) => "--certificate needs --key FILE, the PEM private key of the certificate",
            (false, null, not null) => "--key needs --certificate FILE, the PEM certificate of the key",
            (false, null, null) when options.CertificateAuthorityFile is not null => "--tls-ca-file goes with --tls",
            _ => null,
        };
        if (error is not null)
        {
            return null;
        }

        if (tls)
        {
            return options with
            {
                Certificate = SelfSignedCertificate.Create(),
                CertificateAuthorityFile = options.CertificateAuthorityFile ?? Path.Combine(Path.GetTempPath(), $"imserver-ca-{Guid.NewGuid():N}.pem"),
            };
        }

        if (certificateFile is null)
        {
            return options;
        }

        try
        {
            return options with { Certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile) };
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            error = $"--certificate {certificateFile} --key {keyFile}: cannot read a PEM certificate and its key ({e.Message})";
            return null;
        }
    }

    private static ImServerOptions Remember(ref string? file, string value, ImServerOptions options)
    {
        file = ParsePath(value);
        return options;
    }

    private static string ParsePath(string value) =>
        value.Length > 0 ? Path.GetFullPath(value) : throw new FormatException("an empty path");

    private static string ParseToken(string value) =>
        value.Trim().Length == value.Length && value.Length > 0 && !value.Any(char.IsWhiteSpace)
            ? value
            : throw new FormatException("a token is one word, without spaces");

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
