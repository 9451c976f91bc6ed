using System.CommandLine;
using System.CommandLine.Parsing;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ImServerTests.Server.Conversation;
using ImServerTests.Server.Faults;
using ImServerTests.Server.Security;

namespace ImServerTests.Server;

/// <summary>
/// The standalone server's command line, on System.CommandLine: each option knows its type, default and what is
/// allowed; what they say together becomes <see cref="ImServerOptions"/>.
/// </summary>
public static class CommandLine
{
    public const string DefaultUrl = "http://127.0.0.1:9088";

    public static readonly Option<string> Urls = new("--urls")
    {
        Description = "Where to listen; clients connect to ws://HOST:PORT/pinter/imserver/{userId}.",
        DefaultValueFactory = _ => DefaultUrl,
        HelpName = "URL",
    };

    public static readonly Option<ThinkTime> ReplyDelay = new("--reply-delay")
    {
        Description = "The teacher's think time in ms; 1000-3000 behaves like the public pinter server.",
        DefaultValueFactory = _ => ThinkTime.Default,
        CustomParser = result => Parsed(result, ThinkTime.Parse),
        HelpName = "MIN-MAX",
    };

    public static readonly Option<int> MaxMessageChars = new("--max-message-chars")
    {
        Description = "Longer text messages are closed with 1009; counted in UTF-16 code units, as the real server's Tomcat counts.",
        DefaultValueFactory = _ => ImServerOptions.DefaultMaxMessageChars,
        HelpName = "N",
    };

    public static readonly Option<string> IdentityCheck = new("--identity-check")
    {
        Description = "on: refuse a match or normal message whose from is not the connection's own user, as a careful server would (off, like the real server).",
        DefaultValueFactory = _ => "off",
    };

    public static readonly Option<bool> Tls = new("--tls")
    {
        Description = "Serve wss:// with a self-signed certificate made at start (localhost, 127.0.0.1, ::1); its PEM is written for clients' tls.caFile; an http:// URL becomes https://.",
    };

    public static readonly Option<string?> TlsCaFile = new("--tls-ca-file")
    {
        Description = "Where --tls writes that PEM (default: a new file in the temporary folder); a file there is replaced only if an earlier start wrote it.",
        HelpName = "PATH",
    };

    public static readonly Option<string?> Certificate = new("--certificate")
    {
        Description = "Serve wss:// with this PEM certificate, and --key.",
        HelpName = "FILE",
    };

    public static readonly Option<string?> Key = new("--key")
    {
        Description = "The PEM private key of --certificate.",
        HelpName = "FILE",
    };

    public static readonly Option<string?> RequireToken = new("--require-token")
    {
        Description = "Refuse the upgrade with 401 unless it carries Authorization: Bearer TOKEN or ?token=TOKEN.",
        HelpName = "TOKEN",
    };

    public static readonly Option<Fault> FaultOption = new("--fault")
    {
        Description = "Inject one defect or legal variation (listed above); for proving the suite.",
        DefaultValueFactory = _ => Fault.None,
        CustomParser = result => Parsed(result, name => FaultCatalogue.Find(name)
            ?? throw new FormatException($"unknown fault '{name}'; known: {string.Join(", ", FaultCatalogue.All.Select(f => f.Name))}")),
        HelpName = "NAME",
    };

    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Log every refusal and connection.",
    };

    static CommandLine()
    {
        Urls.Validators.Add(result => Check(result, (string value) =>
            Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? null : $"'{value}' is not an http:// URL such as {DefaultUrl}"));
        MaxMessageChars.Validators.Add(result => Check(result, (int chars) => chars > 0 ? null : $"'{chars}' is not a positive number of characters"));
        IdentityCheck.Validators.Add(result => Check(result, (string value) => value is "on" or "off" ? null : $"'{value}' is neither on nor off"));
        RequireToken.Validators.Add(result => Check(result, (string? token) =>
            token is { Length: > 0 } && !token.Any(char.IsWhiteSpace) ? null : "a token is one word, without spaces"));
    }

    /// <summary>The root command; its action gets the options, already checked together.</summary>
    public static RootCommand Create(Func<ImServerOptions, TextWriter, CancellationToken, Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var root = new RootCommand(
            "The embedded pinter-compatible IM server: ws://HOST:PORT/pinter/imserver/{userId}, and the practice site at /pinter/. Ctrl-C stops it."
            + Environment.NewLine + Environment.NewLine + "Faults (--fault NAME):" + Environment.NewLine
            + string.Join(Environment.NewLine, FaultCatalogue.All.Select(f => $"  {f.Name,-26} {f.Description}")))
        {
            Urls, ReplyDelay, MaxMessageChars, IdentityCheck, Tls, TlsCaFile, Certificate, Key, RequireToken, FaultOption, Verbose,
        };
        root.Validators.Add(result =>
        {
            if (CertificateProblem(result.GetValue(Tls), result.GetValue(TlsCaFile), result.GetValue(Certificate), result.GetValue(Key)) is { } problem)
            {
                result.AddError(problem);
            }
        });
        root.SetAction(async (parsed, stop) =>
        {
            var error = parsed.InvocationConfiguration.Error;
            try
            {
                return await run(Options(parsed), parsed.InvocationConfiguration.Output, stop).ConfigureAwait(false);
            }
            catch (FormatException e)
            {
                await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return 2;
            }
        });
        return root;
    }

    /// <summary>The options the command line gives; a certificate that cannot be read is a <see cref="FormatException"/>.</summary>
    public static ImServerOptions Options(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var options = new ImServerOptions
        {
            Url = parsed.GetValue(Urls)!,
            ReplyDelay = parsed.GetValue(ReplyDelay)!,
            MaxMessageChars = parsed.GetValue(MaxMessageChars),
            CheckIdentity = parsed.GetValue(IdentityCheck) == "on",
            RequiredToken = parsed.GetValue(RequireToken),
            Fault = parsed.GetValue(FaultOption)!,
            LogLevel = parsed.GetValue(Verbose) ? LogLevel.Debug : LogLevel.Information,
        };
        if (parsed.GetValue(Tls))
        {
            return options with
            {
                Certificate = SelfSignedCertificate.Create(),
                CertificateAuthorityFile = parsed.GetValue(TlsCaFile) is { } ca ? Path.GetFullPath(ca) : Path.Combine(Path.GetTempPath(), $"imserver-ca-{Guid.NewGuid():N}.pem"),
            };
        }

        if (parsed.GetValue(Certificate) is not { } certificateFile)
        {
            return options;
        }

        var keyFile = parsed.GetValue(Key)!;
        try
        {
            return options with { Certificate = X509Certificate2.CreateFromPemFile(certificateFile, keyFile) };
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new FormatException($"--certificate {certificateFile} --key {keyFile}: cannot read a PEM certificate and its key ({e.Message})", e);
        }
    }

    // --tls makes a certificate; --certificate and --key read one; never both, and never one file without the other.
    private static string? CertificateProblem(bool tls, string? caFile, string? certificate, string? key) => (tls, certificate, key) switch
    {
        (true, not null, _) or (true, _, not null) => "--tls makes its own certificate: give either --tls, or --certificate and --key",
        (false, not null, null) => "--certificate needs --key FILE, the PEM private key of the certificate",
        (false, null, not null) => "--key needs --certificate FILE, the PEM certificate of the key",
        (false, null, null) when caFile is not null => "--tls-ca-file goes with --tls",
        _ => null,
    };

    private static void Check<T>(OptionResult result, Func<T, string?> problem)
    {
        T value;
        try
        {
            value = result.GetValueOrDefault<T>();
        }
        catch (InvalidOperationException)
        {
            return; // a value that does not parse is reported by the parser
        }

        if (problem(value) is { } message)
        {
            result.AddError($"{result.Option.Name}: {message}");
        }
    }

    private static T Parsed<T>(ArgumentResult result, Func<string, T> parse)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        try
        {
            return parse(token);
        }
        catch (FormatException e)
        {
            result.AddError($"{((OptionResult)result.Parent!).Option.Name}: {e.Message}");
            return default!;
        }
    }
}
