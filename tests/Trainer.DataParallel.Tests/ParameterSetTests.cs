using Trainer.Worker;

namespace Trainer.DataParallel.Tests;

/// <summary>Parameters and gradients bound to flat buffers: what the engine's messages and the all-reduce rely on.</summary>
public class ParameterSetTests
{
    [Fact]
    public void Binding_KeepsValuesAndLaysParametersEndToEnd()
    {
        using var problem = Problem.Tied();
        using var net = problem.Model();
        var before = Problem.Values(net);
        using var set = new ParameterSet(net);

        // The tied Linear(8, 8) appears once: 4*8+8 + 8*8+8 + 8*1+1 values.
        Assert.Equal(6, set.Count);
        Assert.Equal(40 + 72 + 9, set.Numel);
        Assert.Equal(before.SelectMany(v => v).ToArray(), set.Values);
        Assert.Equal(before, Problem.Values(net));
        Assert.Equal(set.Names[2], set.NameAt(set.OffsetOf(2)));
        Assert.Equal(set.Names[2], set.NameAt(set.OffsetOf(3) - 1));
    }

    [Fact]
    public void Backward_AccumulatesIntoTheFlatGradientBuffer()
    {
        using var problem = Problem.Mlp();
        using var net = problem.Model();
        using var set = new ParameterSet(net);
        using var loss = problem.Loss();

        set.ZeroGradients();
        Backward(problem, net, loss);
        set.CheckGradientsBound();

        var expected = set.Parameters.SelectMany(p =>
        {
            using var g = p.grad!;
            return g.data<float>().ToArray();
        }).ToArray();
        Assert.Equal(expected, set.Gradients);
        Assert.Contains(set.Gradients, v => v != 0);

        // A second backward after zeroing gives the same gradient (no accumulation left over).
        set.ZeroGradients();
        Backward(problem, net, loss);
        Assert.Equal(expected, set.Gradients);
    }

    [Fact]
    public void LoadValues_ChangesTheModel_AndWrongLengthNamesBoth()
    {
        using var problem = Problem.Mlp();
        using var net = problem.Model();
        using var set = new ParameterSet(net);
        var values = Enumerable.Range(0, (int)set.Numel).Select(i => i * 1e-3f).ToArray();
        set.LoadValues(values);
        Assert.Equal(values.Take(16 * 6).ToArray(), Problem.Values(net)[0]);

        var e = Assert.Throws<ArgumentException>(() => set.LoadValues(new float[3]));
        Assert.Contains("3 values", e.Message);
        Assert.Contains(set.Numel.ToString(), e.Message);
    }

    [Fact]
    public void ShareValues_ModelReadsTheBufferInPlace_GradientsStayBound()
    {
        using var problem = Problem.Mlp();
        using var net = problem.Model();
        using var set = new ParameterSet(net);
        using var loss = problem.Loss();
        var shared = GC.AllocateArray<float>((int)set.Numel, pinned: true);
        for (var i = 0; i < shared.Length; i++) shared[i] = (i % 7 - 3) * 1e-2f;

        set.ShareValues(shared);
        Assert.Same(shared, set.Values);
        Assert.Equal(shared.Take(16 * 6).ToArray(), Problem.Values(net)[0]);

        // No copy: a write into the buffer is what the next forward sees.
        shared[0] = 0.5f;
        Assert.Equal(0.5f, Problem.Values(net)[0][0]);
        set.ShareValues(shared); // the same buffer again: nothing to do
        Assert.Same(shared, set.Values);

        // Backward still lands in the flat gradient buffer, and leaves the shared values alone.
        var before = shared.ToArray();
        set.ZeroGradients();
        Backward(problem, net, loss);
        set.CheckGradientsBound();
        Assert.Contains(set.Gradients, v => v != 0);
        Assert.Equal(before, shared);

        var e = Assert.Throws<ArgumentException>(() => set.ShareValues(new float[5]));
        Assert.Contains("5 values", e.Message);
        Assert.Same(shared, set.Values);

        // The shared buffer is its owner's: loading values into it is refused, not done silently.
        var refused = Assert.Throws<InvalidOperationException>(() => set.LoadValues(new float[set.Numel]));
        Assert.Contains("shared read-only buffer", refused.Message);
        Assert.Equal(before, shared);
    }

    [Fact]
    public void GradientDropped_CheckNamesTheParameter()
    {
        using var problem = Problem.Mlp();
        using var net = problem.Model();
        using var set = new ParameterSet(net);
        net.zero_grad(set_to_none: true);
        var e = Assert.Throws<InvalidOperationException>(set.CheckGradientsBound);
        Assert.Contains(set.Names[0], e.Message);
    }

    [Fact]
    public void FreshLayout_BackwardsGradientReadInPlace_SameValuesAsTheFlatBuffer()
    {
        using var problem = Problem.Tied();
        using var flatNet = problem.Model();
        using var freshNet = problem.Model();
        using var flat = new ParameterSet(flatNet);
        using var fresh = new ParameterSet(freshNet, GradientLayout.Fresh);
        fresh.LoadValues(flat.Values);
        using var loss = problem.Loss();

        flat.ZeroGradients();
        Backward(problem, flatNet, loss);
        flat.CollectGradients();
        fresh.ZeroGradients();
        Backward(problem, freshNet, loss);
        var view = fresh.CollectGradients();

        Assert.Equal(fresh.Numel, view.Length);
        var read = new float[view.Length];
        view.CopyTo(read);
        Assert.Equal(flat.Gradients, read);
        Assert.Contains(read, v => v != 0);
        // One run per parameter, each the parameter's own gradient tensor: written through the view, seen by the optimizer.
        Assert.Equal(fresh.OffsetOf(1), view.Contiguous(0));
        Assert.Equal(1, view.Contiguous(fresh.OffsetOf(1) - 1));
        view.Span(fresh.OffsetOf(1), 1)[0] = 42f;
        using (var g = fresh.Parameters[1].grad!) Assert.Equal(42f, g.data<float>().ToArray()[0]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => view.Span(fresh.OffsetOf(1) - 1, 2));
        Assert.Contains("cross the end of a gradient run", e.Message);

        // Zeroing hands the tensors back (set_to_none), and there is no flat buffer to ask for.
        fresh.ZeroGradients();
        Assert.All(fresh.Parameters, p => Assert.Null(p.grad));
        var noBuffer = Assert.Throws<InvalidOperationException>(() => fresh.Gradients);
        Assert.Contains("GradientLayout.Fresh", noBuffer.Message);
    }

    [Fact]
    public void FreshLayout_ParameterBackwardNeverReached_GetsZeros()
    {
        using var problem = Problem.Mlp();
        using var net = problem.Model();
        using var set = new ParameterSet(net, GradientLayout.Fresh);
        set.ZeroGradients();
        // Only the last layer's bias gets a gradient: every other parameter must come out as zeros, not missing.
        using (var scope = torch.NewDisposeScope())
            set.Parameters[^1].sum().backward();
        var view = set.CollectGradients();
        var read = new float[view.Length];
        view.CopyTo(read);
        Assert.Equal(Enumerable.Repeat(0f, (int)set.OffsetOf(set.Count - 1)), read.Take((int)set.OffsetOf(set.Count - 1)));
        Assert.Equal([1f, 1f, 1f], read.Skip((int)set.OffsetOf(set.Count - 1)));
        Assert.All(set.Parameters, p =>
        {
            using var g = p.grad;
            Assert.NotNull(g);
        });
    }

    [Fact]
    public void Checksum_SameValuesSameBits_OneChangeDiffers()
    {
        using var problem = Problem.Mlp();
        using var a = problem.Model();
        using var b = problem.Model();
        using var setA = new ParameterSet(a);
        using var setB = new ParameterSet(b);
        setB.LoadValues(setA.Values);
        Assert.Equal(setA.Checksum(), setB.Checksum());
        setB.Values[^1] += 1e-3f;
        Assert.NotEqual(setA.Checksum(), setB.Checksum());
    }

    [Fact]
    public void StepChecksum_LargeModel_TurnsOverPartsThatTogetherSeeEveryValue()
    {
        // 784*1024 + 1024 + 1024*10 + 10 values: 4 parts of at most 256 Ki values each.
        using var a = nn.Sequential(nn.Linear(784, 1024), nn.ReLU(), nn.Linear(1024, 10));
        using var b = nn.Sequential(nn.Linear(784, 1024), nn.ReLU(), nn.Linear(1024, 10));
        using var setA = new ParameterSet(a);
        using var setB = new ParameterSet(b);
        setB.LoadValues(setA.Values);
        Assert.Equal(4, setA.ChecksumParts);
        var parts = Enumerable.Range(0, 4).Select(k => setA.StepChecksum(k)).ToArray();
        Assert.Equal(parts[1], setA.StepChecksum(5)); // the part turns with the step
        Assert.Equal(setA.Checksum(), parts.Sum(), 1e-6 * Math.Abs(setA.Checksum()));

        // A change anywhere shows in exactly one part of every four steps: the last value's part here.
        setB.Values[^1] += 1e-3f;
        var differing = Enumerable.Range(0, 4).Where(k => setA.StepChecksum(k) != setB.StepChecksum(k)).ToArray();
        Assert.Single(differing);
        Assert.NotEqual(setA.Checksum(), setB.Checksum());

        // A small model is summarised whole every step.
        using var problem = Problem.Mlp();
        using var small = problem.Model();
        using var smallSet = new ParameterSet(small);
        Assert.Equal(1, smallSet.ChecksumParts);
        Assert.Equal(smallSet.Checksum(), smallSet.StepChecksum(3));
    }

    /// <summary>One forward and backward of the problem's batch; the graph's tensors are freed at once.</summary>
    private static void Backward(Problem problem, Model net, Loss loss)
    {
        using var scope = torch.NewDisposeScope();
        loss.call(net.call(problem.X), problem.Y).backward();
    }
}
