using ImServerTests.Server;
using ImServerTests.Server.Conversation;
using System.Security.Cryptography.X509Certificates;
using ImServerTests.Cli;
using ImServerTests.Server.Faults;
using ImServerTests.Server.Security;

namespace ImServerTests.Specs.Server;

[AllureEpic("Embedded server")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Command line")]
public sealed class CommandLineSpecs
{
    [Test]
    public void Defaults_listen_on_port_9088_with_a_short_think_time()
    {
        var options = Parse([]);

        options.Url.Should().Be("http://127.0.0.1:9088");
        options.ReplyDelay.Should().Be(ThinkTime.Default);
        options.CheckIdentity.Should().BeFalse("the real server trusts from, and the embedded one behaves like it by default");
        options.Fault.Should().BeSameAs(Fault.None);
        options.Certificate.Should().BeNull();
    }

    [Test]
    public void Options_are_read()
    {
        var options = Parse(["--urls", "http://127.0.0.1:9100", "--reply-delay", "1000-3000", "--max-message-chars", "100", "--identity-check", "on", "--fault", "teacher-silent", "--verbose"]);

        options.Should().BeEquivalentTo(new
        {
            Url = "http://127.0.0.1:9100",
            ReplyDelay = new ThinkTime(1000, 3000),
            MaxMessageChars = 100,
            CheckIdentity = true,
            LogLevel = Microsoft.Extensions.Logging.LogLevel.Debug,
        });
        options.Fault.Should().BeSameAs(FaultCatalogue.TeacherSilent);
    }

    [TestCase("--reply-delay 3000-1000", "--reply-delay: reply delay '3000-1000' is not MIN-MAX in milliseconds with MIN <= MAX")]
    [TestCase("--reply-delay fast", "MIN-MAX")]
    [TestCase("--urls ftp://x", "--urls: 'ftp://x' is not an http:// URL")]
    [TestCase("--max-message-chars -1", "--max-message-chars: '-1' is not a positive number of characters")]
    [TestCase("--max-message-chars many", "many")]
    [TestCase("--fault nope", "--fault: unknown fault 'nope'; known: ")]
    [TestCase("--identity-check yes", "--identity-check: 'yes' is neither on nor off")]
    [TestCase("--certificate cert.pem", "--certificate needs --key")]
    [TestCase("--key key.pem", "--key needs --certificate")]
    [TestCase("--tls-ca-file ca.pem", "--tls-ca-file goes with --tls")]
    [TestCase("--tls --certificate c.pem --key k.pem", "either --tls, or --certificate and --key")]
    [TestCase("--identity-check", "--identity-check")]
    [TestCase("--nope", "Unrecognized command or argument '--nope'")]
    [TestCase("--urls", "--urls")]
    public async Task A_wrong_argument_is_one_line_naming_it_and_the_fix_with_exit_code_2(string args, string expected)
    {
        using var error = new StringWriter();

        var code = await Run(args.Split(' '), TextWriter.Null, error);

        code.Should().Be(2);
        error.ToString().Should().StartWith("error: ").And.Contain(expected).And.Contain("(see --help)");
        error.ToString().TrimEnd().Should().NotContain("\n", "one line");
    }

    [Test]
    public async Task A_token_of_two_words_is_refused()
    {
        using var error = new StringWriter();

        (await Run(["--require-token", "two words"], TextWriter.Null, error)).Should().Be(2);
        error.ToString().Should().Contain("--require-token: a token is one word, without spaces");
    }

    [Test]
    public void Tls_makes_a_certificate_and_names_where_its_ca_goes()
    {
        var options = Parse(["--tls", "--require-token", "T0ken"]);

        options.Certificate.Should().NotBeNull();
        options.Certificate!.HasPrivateKey.Should().BeTrue();
        options.CertificateAuthorityFile.Should().EndWith(".pem");
        options.RequiredToken.Should().Be("T0ken");
    }

    [Test]
    public async Task A_certificate_file_that_is_not_pem_is_named()
    {
        var file = Path.GetTempFileName();
        try
        {
            using var error = new StringWriter();

            (await Run(["--certificate", file, "--key", file], TextWriter.Null, error)).Should().Be(2);
            error.ToString().Should().ContainAll("--certificate", "cannot read a PEM certificate");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task Help_lists_every_option_with_its_default_and_every_fault()
    {
        using var output = new StringWriter();

        (await Run(["--help"], output, TextWriter.Null)).Should().Be(0);

        output.ToString().Should().ContainAll("Usage:", "--urls", "[default: http://127.0.0.1:9088]", "--reply-delay", "[default: 10-30 ms]", "--max-message-chars", "[default: 8192]",
            "--identity-check", "--tls", "--tls-ca-file", "--certificate", "--key", "--require-token", "--fault", "--verbose");
        output.ToString().Should().ContainAll(FaultCatalogue.All.Select(f => f.Name));
    }

    private static ImServerOptions Parse(string[] args)
    {
        var parsed = CommandLine.Create((_, _, _) => Task.FromResult(0)).Parse(args);
        parsed.Errors.Should().BeEmpty();
        return CommandLine.Options(parsed);
    }

    private static Task<int> Run(string[] args, TextWriter output, TextWriter error) =>
        CommandLineProgram.RunAsync(CommandLine.Create((_, _, _) => Task.FromResult(0)), args, output, error);

    [Test]
    public async Task The_ca_file_replaces_only_a_file_an_earlier_start_wrote()
    {
        var folder = Directory.CreateTempSubdirectory("imserver-ca-");
        try
        {
            var theirs = Path.Combine(folder.FullName, "company-ca.pem");
            await File.WriteAllTextAsync(theirs, "-----BEGIN CERTIFICATE-----\nMINE\n-----END CERTIFICATE-----\n");
            using var certificate = SelfSignedCertificate.Create();
            var ours = Path.Combine(folder.FullName, "imserver-ca.pem");

            await SelfSignedCertificate.WriteAuthorityFileAsync(ours, certificate);
            await SelfSignedCertificate.WriteAuthorityFileAsync(ours, certificate);
            var refusal = async () => await SelfSignedCertificate.WriteAuthorityFileAsync(theirs, certificate);

            (await refusal.Should().ThrowAsync<InvalidOperationException>())
                .WithMessage($"--tls-ca-file {theirs}: the file exists and was not written by this server, so it is left as it is.*");
            (await File.ReadAllTextAsync(theirs)).Should().Contain("MINE", "a file the server did not write is never overwritten");
            var trusted = new X509Certificate2Collection();
            trusted.ImportFromPemFile(ours);
            trusted.Should().ContainSingle().Which.Thumbprint.Should().Be(certificate.Thumbprint, "the header line does not hide the certificate from PEM readers");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
