namespace Trainer.Shared.Tests;

/// <summary>The actor-ref contract for in-process actors.</summary>
public sealed class LocalActorRefContractTests : ActorRefContractTests
{
    private readonly ActorSystem _system = ActorSystem.Create("contract");

    protected override IActorRef Spawn(Props props, string name) => _system.ActorOf(props, name);

    public override Task DisposeAsync() => _system.Terminate();
}
