using Trainer.Coordinator.DataParallel;
using Trainer.Shared.Telemetry;
using Trainer.Torch;
using Trainer.Torch.Optim;
using Trainer.Worker;

namespace Trainer.Coordinator.Actors;

/// <summary>
/// What the coordinator works with. The master model (and, in parameter-server mode, its
/// optimizer) belong to the facade, which frees them after the actors have stopped.
/// </summary>
public sealed record CoordinatorSetup(
    torch.nn.Module Master,
    Optimizer? MasterOptimizer,
    IReadOnlyList<DeviceSpec> Devices,
    DataParallelMode Mode,
    ReplicaSetup Replica,
    TraceRecorder Trace,
    TimeSpan AskTimeout,
    ShardBalance Balance = ShardBalance.Even);
