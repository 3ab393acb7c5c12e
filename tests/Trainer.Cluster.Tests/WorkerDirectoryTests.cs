using Akka.Actor;
using Trainer.Coordinator.Cluster;
using Trainer.Shared.Wire;

namespace Trainer.Cluster.Tests;

/// <summary>The coordinator's book of workers, without a cluster: joins before and after the run starts, and finding a device by its run name.</summary>
public class WorkerDirectoryTests
{
    private static readonly JobSpec Job = new() { Name = "job", DataFingerprint = "train.gz 10 sha256:ab", DataCount = 10, Parameters = { new ParameterSpec { Name = "0.weight", Shape = { 2, 2 }, Dtype = "Float32" } } };

    private static JoinRequest Request(string worker, params string[] devices)
    {
        var r = new JoinRequest { WorkerId = worker };
        r.Devices.AddRange(devices);
        r.Job = Job;
        return r;
    }

    [Fact]
    public void Join_AfterTheRunStarted_AcceptedMidRunWithTheNextIds()
    {
        var directory = new WorkerDirectory(Job);
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
        var directory = new WorkerDirectory(Job);
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
        var directory = new WorkerDirectory(Job);
        directory.Close();
        var request = new JoinRequest { WorkerId = "b" };
        request.Devices.Add("cpu:0");
        request.Job = Job.Clone();
        request.Job.DataFingerprint = "train.gz 11 sha256:cd";

        var (member, refusal) = directory.Join(request, ActorRefs.Nobody);

        Assert.Null(member);
        Assert.Contains("the training data differs (coordinator: train.gz 10 sha256:ab; worker: train.gz 11 sha256:cd)", refusal);
    }

    [Fact]
    public void Join_AnotherModel_RefusedNamingTheParameterOnBothSides()
    {
        var directory = new WorkerDirectory(Job);
        var request = Request("b", "cpu:0");
        request.Job = Job.Clone();
        request.Job.Parameters[0].Shape[1] = 3;
        request.Job.Name = "other";

        var (member, refusal) = directory.Join(request, ActorRefs.Nobody);

        Assert.Null(member);
        Assert.Contains("the job is 'job' on the coordinator, 'other' on the worker", refusal);
        Assert.Contains("the model differs at parameter 0 (coordinator: 0.weight [2, 2] Float32; worker: 0.weight [2, 3] Float32", refusal);
        Assert.Equal(0, directory.LiveWorkers);
    }

    [Fact]
    public void Join_NoJobSent_Refused()
    {
        var directory = new WorkerDirectory(Job);
        var request = new JoinRequest { WorkerId = "b", Devices = { "cpu:0" } };

        var (member, refusal) = directory.Join(request, ActorRefs.Nobody);

        Assert.Null(member);
        Assert.Equal("the worker sent no job to compare", refusal);
    }
}
