using Trainer.Coordinator.Actors;
using Trainer.Coordinator.DataParallel;
using Trainer.Worker;

namespace Trainer.Actors.Tests;

/// <summary>
/// A <see cref="CoordinatorSetup"/> built the way <c>DataParallelTrainer</c> builds one (its
/// private <c>MasterParts</c>): the master model from the factory on the caller's thread, its
/// flat parameters, and the master's optimizer or shards the path needs. Owns the master: free
/// it only once the coordinator and its devices have stopped (CPU replicas may compute on the
/// master's memory in place).
/// </summary>
internal sealed class CoordinatorRig : IDisposable
{
    private readonly Model master;
    private readonly MasterShards? shards;
    private readonly Optimizer? optimizer;

    public CoordinatorRig(TestData data, TrainPath path, string devices, FailureInjection? failure = null, Func<Model>? model = null, long seed = 3)
    {
        var factory = model ?? data.NewModel;
        var specs = DeviceSpecs.Parse(devices);
        // The seed fixes the master's initial weights, which the first broadcast gives every replica.
        torch.manual_seed(seed);
        master = factory();
        Master = new ParameterSet(master);
        GradientRendezvous? rendezvous = null;
        switch (path)
        {
            case TrainPath.ShardedMaster:
                shards = new MasterShards(Master, TestData.NewOptimizer, specs.Count);
                rendezvous = new GradientRendezvous(Timeout, shards);
                break;
            case TrainPath.CoordinatorSums:
                optimizer = TestData.NewOptimizer(Master.Parameters);
                break;
            case TrainPath.AllReduce:
                rendezvous = new GradientRendezvous(Timeout);
                break;
        }
        var mode = path == TrainPath.AllReduce ? DataParallelMode.AllReduce : DataParallelMode.ParameterServer;
        var replica = data.Replica(factory, rendezvous, ownOptimizer: mode == DataParallelMode.AllReduce, failure);
        Setup = new CoordinatorSetup(Master, optimizer, specs, mode, replica, data.Trace, Timeout);
    }

    /// <summary>The rendezvous and ask timeout: a hang fails a test in well under the 30 s the tests wait.</summary>
    public static TimeSpan Timeout { get; } = TimeSpan.FromSeconds(20);

    public CoordinatorSetup Setup { get; }
    public ParameterSet Master { get; }
    public Props Props => CoordinatorActor.Create(Setup);

    /// <summary>The master's weights now, copied.</summary>
    public float[] MasterValues => Master.CopyValues();

    public void Dispose()
    {
        shards?.Dispose();
        optimizer?.Dispose();
        Master.Dispose();
        master.Dispose();
    }
}
