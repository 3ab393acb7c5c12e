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
    ShardBalance Balance = ShardBalance.Even);
