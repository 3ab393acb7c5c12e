namespace Trainer.Shared.Actors;

/// <summary>The parent of every top-level actor; it supervises them with the system's guardian strategy.</summary>
internal sealed class GuardianActor(SupervisorStrategy strategy) : ActorBase
{
    protected internal override SupervisorStrategy SupervisorStrategy => strategy;
}
