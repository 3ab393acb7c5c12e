namespace Trainer.Book.Tests.Support;

/// <summary>The book's device helpers (d2l 5.6), on TorchSharp's device API.</summary>
public static class Devices
{
    /// <summary>GPU <paramref name="i"/> if it exists, else the CPU.</summary>
    public static Device try_gpu(int i = 0) =>
        torch.cuda.device_count() >= i + 1 ? new Device(DeviceType.CUDA, i) : torch.CPU;

    /// <summary>Every GPU, or the CPU alone when there is none.</summary>
    public static Device[] try_all_gpus()
    {
        var devices = Enumerable.Range(0, torch.cuda.device_count()).Select(i => new Device(DeviceType.CUDA, i)).ToArray();
        return devices.Length > 0 ? devices : new[] { torch.CPU };
    }
}
