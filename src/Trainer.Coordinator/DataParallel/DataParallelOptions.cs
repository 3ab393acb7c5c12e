using Trainer.Shared.Telemetry;
using Trainer.Worker;

namespace Trainer.Coordinator.DataParallel;

/// <summary>
/// How to build a data-parallel run. The model factory is called once for the master (on the
/// caller's thread, so a seed set before <see cref="DataParallelTrainer.Create"/> fixes the
/// initial weights) and once per replica (on the device's thread; replicas are then overwritten
/// with the master's weights, so their own initialisation does not matter).
/// </summary>
/// <param name="StepTimeout">The bound on every wait for the coordinator (a step's Ask; default 5 minutes): a backstop, the answer to a hang it cannot name.</param>
/// <param name="StepDeadline">
/// How long a device may take to answer its work of a step (from when it could start it)
/// before the coordinator names it, takes it out of the run and redoes its work on the others:
/// the cure for a device that is alive but stuck. Null: no deadline (a stuck device then holds
/// the step until <paramref name="StepTimeout"/>, which names nobody).
/// </param>
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
    RemoteDevices? Remote = null,
    TimeSpan? StepDeadline = null);

/// <summary>
/// Devices that live in other processes (the cluster): the coordinator runs in
/// <see cref="System"/> (the cluster node's, which the caller owns), and each device is a local
/// stand-in made by <see cref="DeviceProps"/> (device id, spec) that relays the coordinator's
/// messages to the real device. The coordinator sums their gradients, steps the master, and
/// broadcasts its weights (parameter-server mode). <see cref="CoordinatorStarted"/> hands the
/// caller the coordinator once it exists, for devices that join mid-run
/// (<see cref="Actors.AddDevices"/>).
/// </summary>
public sealed record RemoteDevices(ActorSystem System, Func<int, DeviceSpec, Props> DeviceProps, Action<IActorRef>? CoordinatorStarted = null);
