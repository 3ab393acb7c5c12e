using Trainer.Shared.Telemetry;
using Trainer.Worker;

namespace Trainer.Coordinator.DataParallel;

/// <summary>
/// How to build a data-parallel run. The model factory is called once for the master (on the
/// caller's thread, so a seed set before <see cref="DataParallelTrainer.Create"/> fixes the
/// initial weights) and once per replica (on the device's thread; replicas are then overwritten
/// with the master's weights, so their own initialisation does not matter).
/// </summary>
public sealed record DataParallelOptions(
    Func<Model> ModelFactory,
    Func<Loss> LossFactory,
    Func<IEnumerable<Parameter>, Optimizer> OptimizerFactory,
    IReadOnlyList<DeviceSpec> Devices,
    IBatchSource Data,
    DataParallelMode Mode = DataParallelMode.ParameterServer,
    TraceRecorder? Trace = null,
    FailureInjection? Failure = null,
    TimeSpan? StepTimeout = null,
    ShardBalance Balance = ShardBalance.Even,
    RemoteDevices? Remote = null);

/// <summary>
/// Devices that live in other processes (the cluster): the coordinator runs in
/// <see cref="System"/> (the cluster node's, which the caller owns), and each device is a local
/// stand-in made by <see cref="DeviceProps"/> (device id, spec) that relays the coordinator's
/// messages to the real device. The coordinator sums their gradients, steps the master, and
/// broadcasts its weights (parameter-server mode).
/// </summary>
public sealed record RemoteDevices(ActorSystem System, Func<int, DeviceSpec, Props> DeviceProps);
