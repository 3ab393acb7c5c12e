
namespace Trainer.Worker;

/// <summary>
/// One device that holds a replica: its trace/track name ("cpu:1", "cuda:0") and the libtorch
/// device its tensors live on. Several CPU replicas share the one libtorch CPU device; each
/// runs on its own thread.
/// </summary>
public sealed record DeviceSpec(string Name, Device TorchDevice)
{
    public bool IsCpu => TorchDevice.type == DeviceType.CPU;

    public override string ToString() => Name;
}
