using Akka.Actor;
using Trainer.Coordinator.Cluster;
using Trainer.Shared.Wire;

namespace Trainer.Cluster.Tests;

/// <summary>The coordinator's book of workers, without a cluster: joins before and after the run starts, and finding a device by its run name.</summary>
public class WorkerDirectoryTests
{
    private static readonly DataFile[] Data = [new DataFile { Name = "train-images-idx3-ubyte.gz", Size = 10, Sha256 = "ab" }];

    private static JoinRequest Request(string worker, params string[] devices)
    {
        var r = new JoinRequest { WorkerId = worker };
        r.Devices.AddRange(devices);
        r.Data.AddRange(Data);
        return r;
    }

    [Fact]
    public void Join_AfterTheRunStarted_AcceptedMidRunWithTheNextIds()
    {
        var directory = new WorkerDirectory(Data);
        var (a, _) = directory.Join(Request("a", "cpu:0", "cpu:1"), ActorRefs.Nobody);
        var first = directory.Close();

        var (b, refusal) = directory.Join(Request("b", "cpu:0"), ActorRefs.Nobody);

        Assert.Null(refusal);
        Assert.False(a!.JoinedMidRun);
        Assert.True(b!.JoinedMidRun);
        Assert.Equal(new[] { 0, 1 }, first.Select(d => d.Id));
        Assert.Equal(new[] { 2 }, b.DeviceIds);
        Assert.Equal(2, directory.LiveWorkers);
    }

    [Fact]
    public void DeviceNamed_RunName_IdAndWorker()
    {
        var directory = new WorkerDirectory(Data);
        directory.Join(Request("a", "cpu:0"), ActorRefs.Nobody);
        directory.Close();
        var (b, _) = directory.Join(Request("b", "cpu:0", "cpu:1"), ActorRefs.Nobody);

        Assert.Equal("b/cpu:1", b!.DeviceName(1));
        var found = directory.DeviceNamed("b/cpu:1");
        Assert.Equal(2, found!.Value.Id);
        Assert.Same(b, found.Value.Worker);
        Assert.Null(directory.DeviceNamed("c/cpu:0"));
    }

    [Fact]
    public void Join_MidRunWithOtherData_StillRefusedNamingTheFile()
    {
        var directory = new WorkerDirectory(Data);
        directory.Close();
        var request = new JoinRequest { WorkerId = "b" };
        request.Devices.Add("cpu:0");
        request.Data.Add(new DataFile { Name = "train-images-idx3-ubyte.gz", Size = 11, Sha256 = "cd" });

        var (member, refusal) = directory.Join(request, ActorRefs.Nobody);

        Assert.Null(member);
        Assert.Contains("train-images-idx3-ubyte.gz differs", refusal);
    }
}
