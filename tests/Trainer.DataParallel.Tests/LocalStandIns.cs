using Akka.Actor;
using Trainer.Coordinator.DataParallel;
using Trainer.Shared.Actors;
using Trainer.Shared.Telemetry;
using Trainer.Worker;

namespace Trainer.DataParallel.Tests;

/// <summary>
/// The cluster's coordinator path without a cluster: <see cref="DataParallelOptions.Remote"/>
/// with in-process <see cref="DeviceActor"/>s in place of the workers' stand-ins. The coordinator
/// then sums the gradients, steps the master and broadcasts, exactly as it does for workers, and
/// devices can join mid-run. Owns its actor system: dispose the trainer first.
/// </summary>
internal sealed class LocalStandIns : IDisposable
{
    private readonly ActorSystem system = TrainerActorSystem.Create("stand-ins");

    /// <summary>The coordinator, once the trainer has made it.</summary>
    public IActorRef? Coordinator { get; private set; }

    public DataParallelTrainer Trainer(Problem problem, string devices, FailureInjection? failure = null, TimeSpan? deadline = null, long seed = 3)
    {
        var trace = new TraceRecorder();
        var replica = new ReplicaSetup(problem.Model, problem.Loss, problem.Data, trace, Failure: failure);
        var remote = new RemoteDevices(system, (id, spec) => DeviceActor.Create(id, spec, replica), c => Coordinator = c);
        torch.manual_seed(seed);
        return DataParallelTrainer.Create(problem.Options(devices, DataParallelMode.ParameterServer, failure, deadline: deadline) with { Trace = trace, Remote = remote });
    }

    public void Dispose() => system.Terminate().Wait(TimeSpan.FromSeconds(60));
}
