using System.Net;
using System.Net.Sockets;
using Trainer.Torch.Distributed;

namespace Trainer.Distributed.Tests;

/// <summary>
/// A real one-process Gloo group (world size 1) exercises the whole native path — rendezvous,
/// bucketing, staging, shutdown — without peers; plus the argument checks. The default group is
/// process-wide state, hence the shared collection.
/// </summary>
[Collection(MultiProcess.Name)]
public sealed class InProcessGroupTests
{
    private static ProcessGroup WorldOfOne() =>
        distributed.init_process_group("gloo", rank: 0, world_size: 1, master_addr: "127.0.0.1",
            master_port: PeerRun.FreePort(), timeout: TimeSpan.FromSeconds(10));

    [Fact]
    public void Allreduce_WorldOfOne_KeepsValuesInEveryBucket()
    {
        using var pg = WorldOfOne();
        var before = Tensor.LiveCount;
        using (NewDisposeScope())
        {
            var a = tensor(new float[] { 1, 2, 3 });
            var b = tensor(new long[] { 7, 8 });
            var c = tensor(new double[] { 0.5 });
            pg.allreduce(new[] { a, b, c }, ReduceOp.SUM, bucket_cap_bytes: 8);
            pg.allreduce(a, ReduceOp.AVG);
            pg.broadcast(new[] { a, c }, src: 0);
            pg.barrier();
            Assert.Equal(new float[] { 1, 2, 3 }, a.ToArray<float>());
            Assert.Equal(new long[] { 7, 8 }, b.ToArray<long>());
            Assert.Equal(new[] { 0.5 }, c.ToArray<double>());
        }
        Assert.Equal(before, Tensor.LiveCount);
        Assert.Equal(0, pg.rank());
        Assert.Equal(1, pg.size());
    }

    [Fact]
    public void InitProcessGroup_Disposed_DefaultGroupCleared()
    {
        var pg = WorldOfOne();
        Assert.True(distributed.is_initialized());
        Assert.Equal(1, distributed.get_world_size());
        pg.Dispose();
        Assert.False(distributed.is_initialized());
        Assert.True(pg.IsDisposed);
        using var t = tensor(new float[] { 1 });
        Assert.Throws<ObjectDisposedException>(() => pg.allreduce(t));
        Assert.Throws<InvalidOperationException>(() => distributed.all_reduce(t));
    }

    [Fact]
    public void InitProcessGroup_Twice_Throws()
    {
        using var pg = WorldOfOne();
        var e = Assert.Throws<InvalidOperationException>(() => WorldOfOne());
        Assert.Contains("already initialized", e.Message);
    }

    [Fact]
    public void Allreduce_AvgOnIntegers_ThrowsNamingDtype()
    {
        using var pg = WorldOfOne();
        using var t = tensor(new long[] { 1, 2 });
        var e = Assert.Throws<ArgumentException>(() => pg.allreduce(t, ReduceOp.AVG));
        Assert.Contains("Int64", e.Message);
    }

    [Fact]
    public void Broadcast_SrcOutsideGroup_Throws()
    {
        using var pg = WorldOfOne();
        using var t = tensor(new float[] { 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => pg.broadcast(t, src: 1));
    }

    [Fact]
    public void Allreduce_DisposedTensor_ThrowsAndGroupStillWorks()
    {
        using var pg = WorldOfOne();
        var dead = tensor(new float[] { 1 });
        dead.Dispose();
        using var alive = tensor(new float[] { 2 });
        Assert.Throws<ObjectDisposedException>(() => pg.allreduce(new[] { alive, dead }));
        pg.allreduce(alive);
        Assert.Equal(new float[] { 2 }, alive.ToArray<float>());
    }

    [Theory]
    [InlineData(-1, 2, 29500)]
    [InlineData(2, 2, 29500)]
    [InlineData(0, 0, 29500)]
    [InlineData(0, 1, 0)]
    [InlineData(0, 1, 70000)]
    public void InitProcessGroup_BadArguments_ThrowsOutOfRange(int rank, int world, int port)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            distributed.init_process_group("gloo", rank, world, "127.0.0.1", port, TimeSpan.FromSeconds(1)));
        Assert.False(distributed.is_initialized());
    }

    [Fact]
    public void InitProcessGroup_UnknownBackend_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            distributed.init_process_group("nccl", 0, 1, "127.0.0.1", 29500, TimeSpan.FromSeconds(1)));
        Assert.Contains("nccl", e.Message);
    }

    [Fact]
    public void InitProcessGroup_PortTaken_ThrowsSayingRankZeroCannotHost()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var e = Assert.Throws<TorchException>(() =>
            distributed.init_process_group("gloo", 0, 1, "127.0.0.1", port, TimeSpan.FromSeconds(2)));
        Assert.Contains($"rank 0 could not host the rendezvous at 127.0.0.1:{port}", e.Message);
        Assert.False(distributed.is_initialized());
    }
}
