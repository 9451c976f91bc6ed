using System.Security.Cryptography.X509Certificates;
using ImServerTests.Server.Faults;
using ImServerTests.Server.Security;

namespace ImServerTests.EmbeddedServer.Tests;

[TestFixture]
[Category(Categories.EmbeddedServer)]
[AllureFeature("Command line")]
public sealed class CommandLineTests
{
    [Test]
    public void Defaults_listen_on_port_9088_with_a_short_think_time()
    {
        var options = CommandLine.Parse([], out var error, out _);
        error.Should().BeNull();
        options!.Url.Should().Be("http://127.0.0.1:9088");
        options.ReplyDelay.Should().Be(ThinkTime.Default);
        options.CheckIdentity.Should().BeFalse("the real server trusts from, and the embedded one behaves like it by default");
        options.Fault.Should().BeSameAs(Fault.None);
    }

    [Test]
    public void Options_are_read()
    {
        var options = CommandLine.Parse(
            ["--urls", "http://127.0.0.1:9100", "--reply-delay", "1000-3000", "--max-message-bytes", "100", "--identity-check", "on", "--fault", "teacher-silent"],
            out var error, out _);
        error.Should().BeNull();
        options.Should().BeEquivalentTo(new
        {
            Url = "http://127.0.0.1:9100",
            ReplyDelay = new ThinkTime(1000, 3000),
            MaxMessageBytes = 100,
            CheckIdentity = true,
        });
        options!.Fault.Should().BeSameAs(FaultCatalogue.TeacherSilent);
    }

    [TestCase("--reply-delay", "3000-1000", "MIN <= MAX")]
    [TestCase("--reply-delay", "fast", "MIN-MAX")]
    [TestCase("--urls", "ftp://x", "http://")]
    [TestCase("--max-message-bytes", "-1", "positive")]
    [TestCase("--fault", "nope", "unknown fault 'nope'")]
    [TestCase("--identity-check", "yes", "--identity-check: 'yes' is neither on nor off")]
    [TestCase("--require-token", "two words", "--require-token: a token is one word")]
    [TestCase("--certificate", "cert.pem", "--certificate needs --key")]
    [TestCase("--key", "key.pem", "--key needs --certificate")]
    [TestCase("--tls-ca-file", "ca.pem", "--tls-ca-file goes with --tls")]
    [TestCase("--identity-check", null, "--identity-check needs a value")]
    [TestCase("--nope", null, "unknown option '--nope'")]
    [TestCase("--urls", null, "--urls needs a value")]
    public void Bad_arguments_are_named_with_the_fix(string name, string? value, string expected)
    {
        var options = CommandLine.Parse(value is null ? [name] : [name, value], out var error, out _);
        options.Should().BeNull();
        error.Should().Contain(expected);
    }

    [Test]
    public void Tls_makes_a_certificate_and_names_where_its_ca_goes()
    {
        var options = CommandLine.Parse(["--tls", "--require-token", "T0ken"], out var error, out _);

        error.Should().BeNull();
        options!.Certificate.Should().NotBeNull();
        options.Certificate!.HasPrivateKey.Should().BeTrue();
        options.CertificateAuthorityFile.Should().EndWith(".pem");
        options.RequiredToken.Should().Be("T0ken");
    }

    [Test]
    public void Tls_and_a_certificate_of_ones_own_do_not_go_together()
    {
        CommandLine.Parse(["--tls", "--certificate", "c.pem", "--key", "k.pem"], out var error, out _).Should().BeNull();
        error.Should().Contain("either --tls, or --certificate and --key");
    }

    [Test]
    public void A_certificate_file_that_is_not_pem_is_named()
    {
        var file = Path.GetTempFileName();
        try
        {
            CommandLine.Parse(["--certificate", file, "--key", file], out var error, out _).Should().BeNull();
            error.Should().ContainAll("--certificate", "cannot read a PEM certificate");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void Help_lists_every_option_and_fault()
    {
        CommandLine.Parse(["--help"], out _, out var helpWanted);
        helpWanted.Should().BeTrue();
        CommandLine.Help.Should().ContainAll("--urls", "--reply-delay", "--max-message-bytes", "--identity-check", "--tls", "--tls-ca-file", "--certificate", "--key", "--require-token", "--fault");
        CommandLine.Help.Should().ContainAll(FaultCatalogue.All.Select(f => f.Name));
    }

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
