using System.Security.Cryptography.X509Certificates;
using Trainer.Coordinator.Cli;
using Trainer.Shared.Security;

namespace Trainer.Cluster.Tests;

public sealed class CertCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("trainer-cert-").FullName;

    [Fact]
    public void Run_NewFolder_WritesSelfSignedCredentialForClientAndServer()
    {
        var output = new StringWriter();
        Assert.Equal(0, CertCommand.Run(Path.Combine(dir, "creds"), output));

        var path = Path.Combine(dir, "creds", ClusterCredential.FileName);
        using var credential = ClusterCredential.Load(path);
        var cert = credential.Certificate;
        Assert.True(cert.HasPrivateKey);
        Assert.Equal(cert.Subject, cert.Issuer);
        var eku = cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value).ToList();
        Assert.Contains("1.3.6.1.5.5.7.3.1", eku); // server authentication
        Assert.Contains("1.3.6.1.5.5.7.3.2", eku); // client authentication
        Assert.Contains(credential.Thumbprint, output.ToString());
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Run_Twice_RefusesToOverwriteAndEachCredentialIsNew()
    {
        Assert.Equal(0, CertCommand.Run(dir, TextWriter.Null));
        var before = File.ReadAllBytes(Path.Combine(dir, ClusterCredential.FileName));
        Assert.Equal(1, CertCommand.Run(dir, TextWriter.Null));
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(dir, ClusterCredential.FileName)));

        using var first = ClusterCredential.Load(Path.Combine(dir, ClusterCredential.FileName));
        using var second = ClusterCredential.CreateNew();
        Assert.NotEqual(first.Thumbprint, second.Thumbprint);
        Assert.True(first.IsClusterCertificate(first.Certificate));
        Assert.False(first.IsClusterCertificate(second.Certificate));
    }

    [Fact]
    public void Load_NotACredential_SaysWhatItIs()
    {
        var path = Path.Combine(dir, "junk.pfx");
        File.WriteAllText(path, "not a certificate");
        var e = Assert.Throws<InvalidDataException>(() => ClusterCredential.Load(path));
        Assert.Contains("not a PKCS#12 cluster credential", e.Message);
        Assert.Contains("trainer cert", Assert.Throws<FileNotFoundException>(() => ClusterCredential.Load(Path.Combine(dir, "missing.pfx"))).Message);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
