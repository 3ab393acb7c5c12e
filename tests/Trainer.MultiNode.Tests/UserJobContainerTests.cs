using Trainer.Cluster.Tests.Support;
using Trainer.MultiNode.Tests.Support;

namespace Trainer.MultiNode.Tests;

/// <summary>
/// A user's own job in containers: the image deploy/Dockerfile makes of examples/FashionCnn (APP
/// FashionCnn, built by scripts/docker-setup.sh) runs a coordinator and two one-device workers
/// on an internal network of their own, with mutual TLS and the job's default options, and must
/// train what the same image trains embedded on two devices (the loopback FashionCnnJobTests, in
/// containers).
/// </summary>
[Collection(ContainerRuns.Name)]
public sealed class UserJobContainerTests(CleanRun clean)
{
    private const float ModelTolerance = 1e-5f;

    [DockerFact]
    public async Task UserJobImage_CoordinatorAndTwoWorkers_TrainTheEmbeddedModel()
    {
        await DockerEnvironment.RequireImageAsync(ContainerJob.FashionCnn.Image);
        await using var cluster = await ContainerCluster.CreateAsync(clean.Folder, ContainerJob.FashionCnn);

        var outDir = clean.Folder.NewOut("fashion-cnn");
        var (coordinator, workers) = await cluster.StartRunAsync(outDir, workers: 2);
        var run = await cluster.FinishAsync(coordinator, outDir);
        Assert.True(run.ExitCode == 0, run.Log);
        Assert.Equal("fashion-cnn", run.Job);
        Assert.Contains("mutual TLS pinned to", run.Log);
        Assert.Equal(2, run.Devices);
        Assert.True(run.StepsApplied == ContainerCluster.Steps, $"steps_applied {run.StepsApplied}, expected {ContainerCluster.Steps}\n{run.Log}");
        Assert.DoesNotContain("device failure:", run.Log);
        foreach (var worker in workers)
            Assert.Equal(0L, await ContainerCluster.WaitForExitAsync(worker, TimeSpan.FromSeconds(30)));

        var embedded = await cluster.TrainEmbeddedAsync(clean.Folder.NewOut("fashion-cnn-embedded"), "cpu:0,cpu:1");
        Assert.True(embedded.ExitCode == 0, embedded.Log);
        Assert.Equal("fashion-cnn", embedded.Job);
        Assert.Equal(ContainerCluster.Steps, embedded.StepsApplied);
        ModelFiles.AssertEqual(embedded.ModelPath, run.ModelPath, ModelTolerance);
    }
}
