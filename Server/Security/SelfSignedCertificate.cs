using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ImServerTests.Server.Security;

/// <summary>
/// A certificate made at start for --tls: its own CA (so a client trusts it through tls.caFile), for localhost,
/// 127.0.0.1 and ::1, valid from yesterday for 30 days, or with other dates and names for tests.
/// </summary>
public static class SelfSignedCertificate
{
    public static X509Certificate2 Create(
        IReadOnlyList<string>? hosts = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, string subject = "ImServerTests embedded server")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts ?? ["localhost", "127.0.0.1", "::1"])
        {
            if (IPAddress.TryParse(host, out var address))
            {
                names.AddIpAddress(address);
            }
            else
            {
                names.AddDnsName(host);
            }
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyCertSign, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var made = request.CreateSelfSigned(notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(30));

        // Through PKCS#12, so the key is one every platform's TLS stack can use.
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>
    /// The first line of every CA file the server writes: PEM readers skip text before the certificate, and a later
    /// start knows by it that the file is its own to replace.
    /// </summary>
    public const string AuthorityFileHeader = "ImServerTests embedded server: the CA of its --tls certificate, for tls.caFile";

    /// <summary>The certificate (not its key) as PEM: what a client's tls.caFile names.</summary>
    public static string ToPem(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return AuthorityFileHeader + "\n" + certificate.ExportCertificatePem() + "\n";
    }

    /// <summary>
    /// Writes the CA file for --tls-ca-file. A file that is there already is replaced only when an earlier start
    /// wrote it; any other file (a team's real CA, say) is left as it is and the start refused.
    /// </summary>
    public static async Task WriteAuthorityFileAsync(string path, X509Certificate2 certificate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path) && !await WrittenHereAsync(path, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException(
                $"--tls-ca-file {path}: the file exists and was not written by this server, so it is left as it is. Name another file, or remove it yourself.");
        }

        await File.WriteAllTextAsync(path, ToPem(certificate), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> WrittenHereAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path);
        return await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) == AuthorityFileHeader;
    }
}
