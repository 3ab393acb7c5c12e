using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Trainer.Shared.Security;
using Trainer.Shared.Wire;

namespace Trainer.Coordinator.Cluster;

/// <summary>
/// Kestrel serving the tensor service on one port, HTTP/2 only. With a credential: TLS with a
/// client certificate required, and only the cluster certificate accepted (its thumbprint
/// pinned), so no one without the credential sends or reads a tensor. Without one (--insecure):
/// cleartext HTTP/2 (h2c). Messages above <see cref="WireLimits.MaxMessageBytes"/> are refused
/// by gRPC itself (ResourceExhausted).
/// </summary>
internal sealed class TensorServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private TensorServer(WebApplication app) => this.app = app;

    /// <param name="refused">Hears of every client refused at the TLS handshake, and why (the coordinator logs it).</param>
    public static async Task<TensorServer> StartAsync(IPAddress address, int port, ClusterCredential? credential, TensorServiceImpl service, Action<string> refused)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(10);
            k.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(10);
            // Receive windows that hold a whole gradient of a large model: with Kestrel's defaults
            // (1 MB, 768 KB) an upload stalls every few chunks until a window update comes back.
            k.Limits.Http2.InitialConnectionWindowSize = WireLimits.FlowControlWindowBytes * 2;
            k.Limits.Http2.InitialStreamWindowSize = WireLimits.FlowControlWindowBytes;
            k.Listen(address, port, o =>
            {
                o.Protocols = HttpProtocols.Http2;
                if (credential is null) return;
                o.UseHttps(credential.Certificate, https =>
                {
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.CheckCertificateRevocation = false; // self-signed: there is no revocation list
                    https.ClientCertificateValidation = (certificate, _, _) =>
                    {
                        if (credential.Refusal(certificate) is not { } why) return true;
                        refused($"a tensor-service client: {why}");
                        return false;
                    };
                    https.HandshakeTimeout = TimeSpan.FromSeconds(10);
                });
            });
        });
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = WireLimits.MaxMessageBytes;
            o.MaxSendMessageSize = WireLimits.MaxMessageBytes;
        });
        builder.Services.AddSingleton(service);
        var app = builder.Build();
        app.MapGrpcService<TensorServiceImpl>();
        await app.StartAsync();
        return new TensorServer(app);
    }

    public async ValueTask DisposeAsync()
    {
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await app.StopAsync(bounded.Token);
        await app.DisposeAsync();
    }
}
