
namespace Trainer.Worker;

/// <summary>
/// The parameter server's master weights and optimizer, split into fixed shards (lanes) of the
/// flat parameter vector, as a sharded parameter server partitions its keys over servers. Lane
/// k owns elements [Start(k), End(k)) of the master's flat buffers and an optimizer built by the
/// user's factory over one parameter that IS that range (<see cref="ParameterSet.Slice"/>), so
/// stepping lane k updates exactly those master weights in place, and any two lanes can be
/// stepped at the same time on different threads. The optimizers keep their state per lane,
/// and the lanes never change, so momentum or Adam moments follow their elements from step to
/// step whichever thread runs the lane.
/// Valid for element-wise optimizers (SGD with momentum, weight decay or Nesterov; Adam): each
/// element's update reads only that element's weight, gradient and state, so the update of a
/// slice equals the same range of the whole-tensor update. The factory is called once per
/// lane with a one-parameter list.
/// Ownership: the lanes' parameters and optimizers belong to this object; the master's
/// parameter set belongs to the caller, who frees it after this.
/// </summary>
public sealed class MasterShards : IDisposable
{
    private readonly long[] bounds;
    private readonly Parameter?[] slices;
    private readonly Optimizer?[] optimizers;
    private bool disposed;

    public MasterShards(ParameterSet master, Func<IEnumerable<Parameter>, Optimizer> optimizerFactory, int lanes)
    {
        ArgumentNullException.ThrowIfNull(master);
        ArgumentNullException.ThrowIfNull(optimizerFactory);
        if (lanes < 1) throw new ArgumentOutOfRangeException(nameof(lanes), $"a sharded master needs at least one lane, got {lanes}");
        Parameters = master;
        // Lane bounds on FlatSlices' grid: the summing loops stay vector-aligned.
        bounds = new long[lanes + 1];
        for (var k = 0; k < lanes; k++) bounds[k + 1] = FlatSlices.Of(master.Numel, lanes, k).End;
        slices = new Parameter?[lanes];
        optimizers = new Optimizer?[lanes];
        try
        {
            for (var k = 0; k < lanes; k++)
            {
                if (bounds[k + 1] == bounds[k]) continue; // a model smaller than the lanes leaves the last ones empty
                slices[k] = master.Slice(bounds[k], bounds[k + 1] - bounds[k]);
                optimizers[k] = optimizerFactory([slices[k]!]);
                ElementwiseOptimizers.Require(optimizers[k]!);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The master's weights and gradient sum: the buffers the lanes update.</summary>
    public ParameterSet Parameters { get; }

    public int Lanes => slices.Length;

    /// <summary>The lanes' optimizers in lane order (a lane left empty by a tiny model has none), for checkpoints.</summary>
    public IReadOnlyList<Optimizer> Optimizers => optimizers.OfType<Optimizer>().ToList();

    public long Start(int lane) => bounds[lane];

    public long End(int lane) => bounds[lane + 1];

    /// <summary>Steps lane <paramref name="lane"/>'s optimizer on its range of the master (which must hold the summed gradient there).</summary>
    public void Step(int lane)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        optimizers[lane]?.step();
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var o in optimizers) o?.Dispose();
        foreach (var s in slices) s?.Dispose();
    }
}
