using Akka.Actor;
using Trainer.Coordinator.Cluster;
using Trainer.Shared.Wire;

namespace Trainer.Cluster.Tests;

/// <summary>
/// The gRPC edge's view of a device the coordinator gave up on (a stuck one, whose stand-in
/// then stops and forgets it): its late gradient is refused as stale, while the same worker's
/// other devices are still heard.
/// </summary>
public class GradientInboxTests
{
    private static readonly JobSpec Job = new() { Name = "job", DataFingerprint = "train.gz 10 sha256:ab", DataCount = 10, Parameters = { new ParameterSpec { Name = "0.weight", Shape = { 2, 2 }, Dtype = "Float32" } } };

    [Fact]
    public void Open_DeviceForgottenAfterItsShardWasSent_LateUploadRefusedAsStale()
    {
        var directory = new WorkerDirectory(Job);
        var request = new JoinRequest { WorkerId = "w" };
        request.Devices.AddRange(["cpu:0", "cpu:1"]);
        request.Job = Job;
        directory.Join(request, ActorRefs.Nobody);
        var inbox = new GradientInbox(directory, modelValues: 4);
        inbox.Expect(0, step: 3, version: 2, count: 8, ActorRefs.Nobody);
        inbox.Expect(1, step: 3, version: 2, count: 8, ActorRefs.Nobody);

        inbox.Forget(0);

        var e = Assert.Throws<WireException>(() => inbox.Open(Chunk(device: 0)));
        Assert.True(e.Stale);
        Assert.Contains("no gradient of step 3 on weights version 2 is awaited from device 0", e.Message);
        Assert.NotNull(inbox.Open(Chunk(device: 1)));
    }

    private static GradientChunk Chunk(int device) =>
        new() { WorkerId = "w", DeviceId = device, Step = 3, WeightsVersion = 2, TotalValues = 4, Count = 8 };
}
