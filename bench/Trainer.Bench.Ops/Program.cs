using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

// Times one small op (2x2 add) through TorchSharp and a 256x784 @ 784x256 matmul, the same
// way bench/ops_peer.py times them in PyTorch: best of several repeats of a timed loop.
// Prints "name seconds_per_call" lines for bench/ops.sh to tabulate.
var threads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1;
set_num_threads(threads);
manual_seed(0);

using var a = rand(2, 2);
using var b = rand(2, 2);
Report("add_2x2", Best(repeats: 7, iterations: 200_000, () => { using var c = a + b; }));
Report("add_2x2_scope", Best(repeats: 7, iterations: 200_000, () =>
{
    using var scope = NewDisposeScope();
    _ = a + b;
}));
// Where the small-op time goes: a bare call through SafeHandle marshalling, and making plus
// freeing one handle (alias) without any kernel.
Report("overhead_call", Best(repeats: 7, iterations: 1_000_000, () => a.numel()));
Report("overhead_handle", Best(repeats: 7, iterations: 200_000, () => { using var c = a.alias(); }));

using var m1 = rand(256, 784);
using var m2 = rand(784, 256);
Report("matmul_256x784x256", Best(repeats: 7, iterations: 200, () => { using var c = m1.matmul(m2); }));

// The products of one training step of the MLP 784-256-10 (forward, weight gradient, input
// gradient), a relu, a batch gather from the training set, and the whole step: where a gap
// between the two BLAS libraries (MKL in TorchSharp's libtorch, OpenBLAS in the peer) shows.
using var data = randn(60000, 1, 28, 28);
using var order = randperm(60000);
foreach (var batch in new long[] { 256, 2048 })
{
    var n = batch == 256 ? 200 : 30;
    using var x = randn(batch, 784);
    using var w = randn(256, 784);
    using var dy = randn(batch, 256);
    using var w2 = randn(256, 256);
    Report($"linear_fwd_b{batch}", Best(5, n, () => { using var y = nn.functional.linear(x, w); }));
    Report($"grad_weight_b{batch}", Best(5, n, () => { using var scope = NewDisposeScope(); dy.t().mm(x); }));
    Report($"grad_input_b{batch}", Best(5, n, () => { using var y = dy.mm(w2); }));
    Report($"relu_b{batch}", Best(5, n * 5, () => { using var y = nn.functional.relu(dy); }));
    using var idx = order.narrow(0, 0, batch);
    Report($"gather_b{batch}", Best(5, n, () => { using var y = data.index_select(0, idx); }));
    using var net = nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10));
    using var opt = optim.SGD(net.parameters(), 0.1);
    using var images = randn(batch, 1, 28, 28);
    using var labels = randint(0, 10, new long[] { batch });
    using var loss = nn.CrossEntropyLoss();
    Report($"train_step_b{batch}", Best(5, n, () =>
    {
        using var scope = NewDisposeScope();
        foreach (var p in net.parameters()) p.grad = null;
        var l = loss.call(net.call(images), labels);
        l.backward();
        opt.step();
        l.ToSingle();
    }));
}

static double Best(int repeats, int iterations, Action body)
{
    for (var i = 0; i < iterations / 10 + 1; i++) body(); // warm up
    var best = double.MaxValue;
    for (var r = 0; r < repeats; r++)
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++) body();
        best = Math.Min(best, sw.Elapsed.TotalSeconds / iterations);
    }
    return best;
}

static void Report(string name, double seconds) =>
    Console.WriteLine($"{name} {seconds.ToString("E6", CultureInfo.InvariantCulture)}");
