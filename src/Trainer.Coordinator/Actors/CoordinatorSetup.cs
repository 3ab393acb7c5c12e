using Trainer.Coordinator.DataParallel;
using Trainer.Shared.Telemetry;
using Trainer.Worker;

namespace Trainer.Coordinator.Actors;

/// <summary>
/// What the coordinator works with. The master's parameters (and, when the coordinator sums,
/// its optimizer) belong to the facade, which frees them after the actors have stopped.
/// </summary>
/// <param name="Master">The master model's parameters, bound to its flat buffers.</param>
/// <param name="MasterOptimizer">When the coordinator sums (<see cref="CoordinatorSums"/>): the master's optimizer.</param>
/// <param name="DeviceProps">Devices in other processes: the stand-in actor of device (id, spec); null for in-process <see cref="DeviceActor"/>s.</param>
/// <param name="StepDeadline">How long a device may take to answer its work of a step before it is named and taken out of the run (<see cref="DeviceDeadlines"/>); null: no deadline.</param>
public sealed record CoordinatorSetup(
    ParameterSet Master,
    Optimizer? MasterOptimizer,
    IReadOnlyList<DeviceSpec> Devices,
    DataParallelMode Mode,
    ReplicaSetup Replica,
    TraceRecorder Trace,
    TimeSpan AskTimeout,
    ShardBalance Balance = ShardBalance.Even,
    Func<int, DeviceSpec, Props>? DeviceProps = null,
    TimeSpan? StepDeadline = null)
{
    /// <summary>
    /// Parameter-server mode with a device that cannot compute on the master's memory (CUDA): the
    /// replicas send their gradients to the coordinator, which sums them, steps the master and
    /// broadcasts it. Otherwise the replicas meet in their rendezvous: all-reduce mode, or
    /// parameter-server mode on CPU replicas, whose rendezvous holds the sharded master.
    /// </summary>
    public bool CoordinatorSums => Mode == DataParallelMode.ParameterServer && Replica.Rendezvous is null;
}
