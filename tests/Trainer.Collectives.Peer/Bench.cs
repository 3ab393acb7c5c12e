using System.Diagnostics;
using Trainer.Torch;
using Trainer.Torch.Distributed;

namespace Trainer.Collectives.Peer;

/// <summary>
/// Not a test: times one gradient all-reduce of an MLP 784-H-10 (4 tensors) sent per tensor
/// and coalesced, so the data-parallel trainer can pick. Run by hand, e.g.
/// <c>--scenario bench --hidden 256 --iters 200</c> on every rank.
/// </summary>
internal static class Bench
{
    public static void Run(ProcessGroup pg, int hidden, int iters, Dictionary<string, object?> report)
    {
        using var scope = torch.NewDisposeScope();
        var grads = new[]
        {
            torch.randn(hidden, 784), torch.randn(hidden), torch.randn(10, hidden), torch.randn(10),
        };
        report["floats"] = grads.Sum(g => g.numel());
        report["per_tensor_us"] = Time(pg, iters, () => { foreach (var g in grads) pg.allreduce(g, ReduceOp.AVG); });
        report["coalesced_us"] = Time(pg, iters, () => pg.allreduce(grads, ReduceOp.AVG));
    }

    private static double Time(ProcessGroup pg, int iters, Action step)
    {
        for (var i = 0; i < 5; i++) step(); // warm up connections and buffers
        pg.barrier();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iters; i++) step();
        return clock.Elapsed.TotalMicroseconds / iters;
    }
}
