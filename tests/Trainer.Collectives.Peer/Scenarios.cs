using Trainer.Torch;
using Trainer.Torch.Distributed;

namespace Trainer.Collectives.Peer;

/// <summary>
/// What one rank does. Inputs depend on the rank only, so the test can compute every expected
/// value from the world size alone.
/// </summary>
internal static class Scenarios
{
    public static void Collectives(ProcessGroup pg, Dictionary<string, object?> report)
    {
        var r = pg.rank();
        report["pg_rank"] = r;
        report["pg_size"] = pg.size();
        using var scope = torch.NewDisposeScope();

        // sum and average of [r+1, 2(r+1), 0.5]
        var sum = torch.tensor(new float[] { r + 1, 2 * (r + 1), 0.5f });
        pg.allreduce(sum);
        report["sum"] = sum.ToArray<float>();

        var avg = torch.tensor(new double[] { r + 1, 10 * (r + 1) });
        pg.allreduce(avg, ReduceOp.AVG);
        report["avg"] = avg.ToArray<double>();

        var max = torch.tensor(new long[] { r, -r });
        pg.allreduce(max, ReduceOp.MAX);
        report["max"] = max.ToArray<long>();

        // broadcast from the last rank: everyone ends with its values
        var src = pg.size() - 1;
        var bcast = torch.tensor(new float[] { 10 * r + 7, -r }, new long[] { 2, 1 });
        pg.broadcast(bcast, src);
        report["broadcast"] = bcast.ToArray<float>();

        // several tensors at once: mixed dtypes, a bucket cap (40 bytes) that puts a and c in one
        // copied bucket and b, d alone (in place), and e big enough (1.2 MB) to travel alone
        var a = torch.full(new long[] { 2, 3 }, r + 1);
        var b = torch.tensor(new long[] { r, 100 });
        var c = torch.tensor(new float[,] { { r, 1 }, { 2, 3 * r } });
        var d = torch.tensor(new double[] { 0.25 * (r + 1) });
        var e = torch.full(new long[] { 300_000 }, r + 1);
        pg.allreduce(new[] { a, b, c, d, e }, ReduceOp.SUM, bucket_cap_bytes: 40);
        report["coalesced_a"] = a.ToArray<float>();
        report["coalesced_b"] = b.ToArray<long>();
        report["coalesced_c"] = c.ToArray<float>();
        report["coalesced_d"] = d.ToArray<double>();
        var eValues = e.ToArray<float>();
        report["coalesced_e_min_max"] = new[] { eValues.Min(), eValues.Max() };

        // parameters (leaves that require grad) are overwritten in place, as when a trainer
        // broadcasts rank 0's initial weights
        var w1 = torch.full(new long[] { 3 }, r + 5, requires_grad: true);
        var w2 = torch.full(new long[] { 2, 2 }, 2 * r + 1, ScalarType.Float64);
        pg.broadcast(new[] { w1, w2 }, src: 0);
        report["broadcast_list"] = w1.detach().ToArray<float>().Select(v => (double)v).Concat(w2.ToArray<double>()).ToArray();

        // module-level API on the default group
        var g = torch.tensor(new float[] { 1 });
        torch.distributed.all_reduce(g);
        report["module_sum"] = g.ToArray<float>();
        report["module_rank"] = torch.distributed.get_rank();

        pg.barrier();
        report["barrier"] = true;
    }

    /// <summary>Rank 0 waits at a barrier the other ranks never reach (they sleep past the timeout).</summary>
    public static void Stall(ProcessGroup pg, int timeoutMs, Dictionary<string, object?> report)
    {
        if (pg.rank() == 0)
        {
            pg.barrier();
            report["barrier"] = true; // reached only if the barrier wrongly succeeded
        }
        else
        {
            Thread.Sleep(timeoutMs + 2000);
        }
    }
}
