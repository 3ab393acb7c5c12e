using Trainer.Shared.Actors;
using Trainer.Worker;

namespace Trainer.Coordinator.Actors;

/// <summary>A device as the coordinator sees it: its actor, and whether it is still taking part.</summary>
internal sealed class DeviceSlot(int id, DeviceSpec spec, IActorRef actor)
{
    public int Id { get; } = id;
    public DeviceSpec Spec { get; } = spec;
    public IActorRef Actor { get; } = actor;
    public bool Alive { get; set; } = true;
}
