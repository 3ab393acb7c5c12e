using System.CommandLine;
using Trainer.Shared.Security;

namespace Trainer.Coordinator.Cli;

/// <summary>`trainer cert --out DIR`: a new cluster credential in DIR/cluster.pfx.</summary>
internal static class CertCommand
{
    internal static Command Create()
    {
        var outDir = new Option<string>("--out") { Description = $"Folder to write {ClusterCredential.FileName} to (created if missing; an existing credential is never overwritten).", Required = true };
        var command = new Command("cert", $"Make a new cluster credential ({ClusterCredential.FileName}: a self-signed certificate and its key, no password). "
            + "Give the same file to the coordinator and every worker with --credentials; keep it secret: whoever holds it may join.") { outDir };
        command.SetAction(r => Run(r.GetValue(outDir)!, Console.Out));
        return command;
    }

    internal static int Run(string dir, TextWriter output)
    {
        try
        {
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, ClusterCredential.FileName);
            if (File.Exists(path)) throw new IOException($"{path} exists; remove it first or choose another --out");
            using var credential = ClusterCredential.CreateNew();
            credential.Save(path);
            output.WriteLine($"wrote {path} (thumbprint {credential.Thumbprint})");
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"trainer cert: {e.Message}");
            return 1;
        }
    }
}
