using Akka.TestKit.Xunit2;
using Trainer.Shared.Actors;
using Trainer.Worker;
using Xunit.Abstractions;

namespace Trainer.Actors.Tests;

/// <summary>
/// A TestKit on Trainer's own configuration (its pinned dispatcher, log levels). Native things
/// the actors use (data tensors, the master) are freed only after the actor system has shut
/// down, so that no device can still be gathering from them, and libtorch's thread count is put
/// back (each CPU replica changes the process default).
/// </summary>
public abstract class ActorTest : TestKit
{
    /// <summary>The bound on every wait for a reply that needs compute (a first step JIT-compiles and builds the replica).</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly List<IDisposable> ownedPastShutdown = new();
    private readonly int callerThreads = torch.get_num_threads();

    protected ActorTest(ITestOutputHelper output) : base(TrainerActorSystem.Config, output: output)
    {
    }

    /// <summary>Frees <paramref name="resource"/> after the actor system has shut down.</summary>
    internal T OwnedPastShutdown<T>(T resource) where T : IDisposable
    {
        ownedPastShutdown.Add(resource);
        return resource;
    }

    internal TestData NewData() => OwnedPastShutdown(new TestData());

    internal CoordinatorRig NewRig(TestData data, TrainPath path, string devices, FailureInjection? failure = null, Func<Model>? model = null) =>
        OwnedPastShutdown(new CoordinatorRig(data, path, devices, failure, model));

    internal static DeviceSpec Cpu(int index) => new($"cpu:{index}", torch.CPU);

    /// <summary>Stops <paramref name="actor"/> and waits until it (and so every child of it) has terminated.</summary>
    protected void StopAndAwait(IActorRef actor)
    {
        var watcher = CreateTestProbe();
        watcher.Watch(actor);
        Sys.Stop(actor);
        watcher.ExpectTerminated(actor, Patience);
    }

    /// <summary>The actor at <paramref name="path"/> now, or null if there is none (never was, or stopped).</summary>
    protected IActorRef? Resolve(ActorPath path)
    {
        var asker = CreateTestProbe();
        Sys.ActorSelection(path).Tell(new Identify(path.ToString()), asker.Ref);
        return asker.ExpectMsg<ActorIdentity>(Patience).Subject;
    }

    protected override void Dispose(bool disposing)
    {
        try
        {
            base.Dispose(disposing);
        }
        finally
        {
            if (disposing)
            {
                for (var i = ownedPastShutdown.Count - 1; i >= 0; i--) ownedPastShutdown[i].Dispose();
                torch.set_num_threads(callerThreads);
            }
        }
    }
}
