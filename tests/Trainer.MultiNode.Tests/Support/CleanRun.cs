namespace Trainer.MultiNode.Tests.Support;

/// <summary>
/// Once per test run: removes what interrupted earlier runs left, checks the image is there, then
/// trains the reference twice, in containers of the same image: a coordinator with three
/// one-device workers (nothing goes wrong), and `trainer train` embedded on three CPU devices.
/// Removes everything this process made at the end. Does nothing where Docker is unavailable (the
/// tests skip).
/// </summary>
public sealed class CleanRun : IAsyncLifetime
{
    internal RunFolder Folder { get; private set; } = null!;

    /// <summary>Coordinator + worker-1..3, uninterrupted.</summary>
    internal RunOutcome Cluster { get; private set; } = null!;

    /// <summary>`trainer train --devices cpu:0,cpu:1,cpu:2` with the same options and seed.</summary>
    internal RunOutcome Embedded { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (DockerEnvironment.Unavailable is not null) return;
        await Leftovers.RemoveOrphansAsync();
        await DockerEnvironment.RequireImageAsync(DockerEnvironment.Image);
        Folder = new RunFolder();

        await using (var cluster = await ContainerCluster.CreateAsync(Folder))
        {
            var outDir = Folder.NewOut("clean");
            var (coordinator, _) = await cluster.StartRunAsync(outDir);
            Cluster = await cluster.FinishAsync(coordinator, outDir);
        }
        await using (var alone = await ContainerCluster.CreateAsync(Folder))
            Embedded = await alone.TrainEmbeddedAsync(Folder.NewOut("embedded"), "cpu:0,cpu:1,cpu:2");
    }

    public async Task DisposeAsync()
    {
        if (DockerEnvironment.Unavailable is not null) return;
        await Leftovers.RemoveOwnedByAsync(Environment.ProcessId);
        Folder?.Dispose();
    }
}
