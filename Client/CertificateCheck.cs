using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ImServerTests.Client;

/// <summary>
/// Decides whether to trust the server's certificate, and when not, says why in words (untrusted root, name
/// mismatch, expired) with the setting that fixes it.
/// </summary>
internal static class CertificateCheck
{
    public const string CaFileHint = "Set tls.caFile of the environment to the PEM file of the CA that signed the server's certificate (or, for a test server only, tls.insecure: true).";

    /// <summary>True to trust; otherwise the reason, in words.</summary>
    public static (bool Trusted, string? Problem) Decide(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, ConnectionOptions options)
    {
        if (options.AcceptAnyCertificate)
        {
            return (true, null);
        }

        if (certificate is null)
        {
            return (false, "the server sent no certificate");
        }

        var statuses = new List<X509ChainStatusFlags>();
        if (options.TrustedCertificates is { Count: > 0 } trusted)
        {
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(trusted);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (!custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData())))
            {
                statuses.AddRange(custom.ChainStatus.Select(s => s.Status));
            }

            // The CA file replaces the system's roots; the host name must still match.
            errors &= ~SslPolicyErrors.RemoteCertificateChainErrors;
        }
        else if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            statuses.AddRange(chain?.ChainStatus.Select(s => s.Status) ?? []);
        }

        var problems = new List<string>();
        if (statuses.Any(s => (s & X509ChainStatusFlags.NotTimeValid) != 0))
        {
            problems.Add($"the certificate has expired or is not yet valid (valid {certificate.GetEffectiveDateString()} to {certificate.GetExpirationDateString()})");
        }

        if (statuses.Any(s => (s & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
            || (statuses.Count > 0 && problems.Count == 0))
        {
            problems.Add($"untrusted root: the certificate of '{certificate.Subject}' is signed by '{certificate.Issuer}', which is not trusted here");
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            problems.Add($"name mismatch: the certificate is for '{certificate.Subject}', not for the host of the URL");
        }

        return problems.Count == 0 ? (true, null) : (false, string.Join("; ", problems));
    }
}
