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
