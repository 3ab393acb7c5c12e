namespace Trainer.Shared.Actors;

/// <summary>Delivered to every watcher (<see cref="IActorContext.Watch"/>) once the actor has stopped.</summary>
public sealed record Terminated(IActorRef ActorRef);
