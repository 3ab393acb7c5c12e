using System.Text.RegularExpressions;

namespace Trainer.Torch.Tests.Memory;

/// <summary>
/// A hand-written linear model trained for 10,000 steps, each inside a dispose scope, leaves
/// no native tensor behind and does not grow the process.
/// </summary>
[Collection(NativeState.Name)]
public class TrainingLoopMemoryTests
{
    [Fact]
    public void TenThousandSteps_InScopes_LeaveNoTensorsAndBoundedRss()
    {
        manual_seed(0);
        var trueW = tensor(new[] { 2f, -3.4f }, new long[] { 2, 1 });
        var w = normal(new long[] { 2, 1 }, 0.01);
        var b = zeros(new long[] { 1 }, requires_grad: true);
        w.requires_grad = true;
        const float lr = 0.03f;

        void Step()
        {
            using var scope = NewDisposeScope();
            var x = randn(32, 2);
            var y = x.matmul(trueW) + 4.2;
            var yHat = x.matmul(w) + b;
            var loss = ((yHat - y).pow(2) / 2).mean();
            loss.backward();
            using (no_grad())
            {
                w.sub_(w.grad! * lr);
                b.sub_(b.grad! * lr);
                w.grad!.zero_();
                b.grad!.zero_();
            }
        }

        for (var i = 0; i < 500; i++) Step(); // warm up allocator and JIT
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var live = Tensor.LiveCount;
        var rss = RssKb();
        for (var i = 0; i < 10_000; i++) Step();
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.Equal(live, Tensor.LiveCount);
        var grownMb = (RssKb() - rss) / 1024.0;
        Assert.True(grownMb < 50, $"RSS grew by {grownMb:F1} MB over 10,000 steps");
        // and it learned: w ≈ [2, -3.4], b ≈ 4.2
        Assert.True(w.allclose(trueW, atol: 0.05), w.ToString());
        Assert.InRange(b.item<float>(), 4.15f, 4.25f);
        trueW.Dispose();
        w.Dispose();
        b.Dispose();
    }

    private static Tensor normal(long[] shape, double std) => zeros(shape).normal_(0, std);

    private static long RssKb()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:"));
        return long.Parse(Regex.Match(line, @"\d+").Value);
    }
}
