using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Trainer.Shared.Security;

/// <summary>
/// The cluster credential: one self-signed X.509 certificate with its private key, shared by the
/// coordinator and every worker (`trainer cert` makes it). Every connection, Akka.Remote and
/// gRPC alike, is mutual TLS in which each side presents this certificate and accepts only a
/// peer presenting the very same one (its thumbprint pinned): no CA, no OS trust store, and a
/// node holding any other certificate is refused.
/// </summary>
public sealed class ClusterCredential : IDisposable
{
    /// <summary>The file name `trainer cert --out DIR` writes.</summary>
    public const string FileName = "cluster.pfx";

    private ClusterCredential(X509Certificate2 certificate)
    {
        if (!certificate.HasPrivateKey)
            throw new ArgumentException($"the cluster credential {certificate.Subject} holds no private key");
        Certificate = certificate;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The pinned identity: a peer is trusted when its certificate has this SHA-1 thumbprint (hex, upper case).</summary>
    public string Thumbprint => Certificate.Thumbprint;

    /// <summary>True when <paramref name="peer"/> is the cluster certificate itself.</summary>
    public bool IsClusterCertificate(X509Certificate? peer) => Refusal(peer) is null;

    /// <summary>
    /// Null when <paramref name="peer"/> is the cluster certificate; otherwise why it is refused,
    /// naming both thumbprints (public values, not secrets), so that the log line tells an
    /// operator which credential each side holds.
    /// </summary>
    public string? Refusal(X509Certificate? peer)
    {
        if (peer is null) return "it presented no certificate (the cluster credential is required)";
        using var certificate = new X509Certificate2(peer);
        return string.Equals(certificate.Thumbprint, Thumbprint, StringComparison.OrdinalIgnoreCase) ? null
            : $"its certificate {certificate.Subject} (thumbprint {certificate.Thumbprint}) is not the cluster credential (thumbprint {Thumbprint}): it holds another credential";
    }

    /// <summary>
    /// A new credential: RSA 2048, valid for ten years, with both the server and the client
    /// authentication EKU (every node is both, on both transports) and loopback names, since
    /// hostnames are not checked (the pin is).
    /// </summary>
    public static ClusterCredential CreateNew()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN=trainer-cluster-{Guid.NewGuid():N}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication"), new Oid("1.3.6.1.5.5.7.3.2", "Client Authentication")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        // Round-trip through PKCS#12 so that the key is usable by SslStream on every platform.
        return new ClusterCredential(X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null));
    }

    /// <summary>Reads a credential written by <see cref="Save"/> (a PKCS#12 file without a password).</summary>
    public static ClusterCredential Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"--credentials {path}: no such file (make one with `trainer cert --out DIR`)", path);
        X509Certificate2 certificate;
        try { certificate = X509CertificateLoader.LoadPkcs12FromFile(path, null); }
        catch (CryptographicException e) { throw new InvalidDataException($"--credentials {path}: not a PKCS#12 cluster credential ({e.Message})", e); }
        return new ClusterCredential(certificate);
    }

    /// <summary>
    /// Writes the credential to <paramref name="path"/>, readable by its owner only: the file is
    /// the cluster's secret (whoever holds it may join), so it is protected as a key file.
    /// </summary>
    public void Save(string path)
    {
        var bytes = Certificate.Export(X509ContentType.Pkcs12);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var file = new FileStream(path, options);
        file.Write(bytes);
    }

    public void Dispose() => Certificate.Dispose();
}
