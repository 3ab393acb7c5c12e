
namespace Trainer.Worker;

/// <summary>
/// Parses <c>--devices</c>: <c>auto</c> (every CUDA device, else one CPU replica per core),
/// <c>cpu</c> (one CPU replica), or a list such as <c>cpu:0,cpu:1</c> / <c>cuda:0,cuda:1</c>.
/// Every problem is found here, before any replica is built or any step runs.
/// </summary>
public static class DeviceSpecs
{
    public static IReadOnlyList<DeviceSpec> Parse(string spec) =>
        Parse(spec, torch.cuda.is_available() ? torch.cuda.device_count() : 0, Environment.ProcessorCount);

    /// <summary>Parses against a given machine, so tests can describe one with CUDA devices.</summary>
    public static IReadOnlyList<DeviceSpec> Parse(string spec, int cudaDevices, int cores)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var text = spec.Trim();
        if (text.Length == 0) throw new ArgumentException("--devices is empty; give auto, cpu, or a list such as cpu:0,cpu:1");
        if (text.Equals("auto", StringComparison.OrdinalIgnoreCase))
            return cudaDevices > 0
                ? Enumerable.Range(0, cudaDevices).Select(i => new DeviceSpec($"cuda:{i}", new Device(DeviceType.CUDA, i))).ToList()
                : Enumerable.Range(0, Math.Max(1, cores)).Select(i => new DeviceSpec($"cpu:{i}", torch.CPU)).ToList();

        var result = new List<DeviceSpec>();
        foreach (var raw in text.Split(','))
        {
            var item = raw.Trim();
            if (item.Length == 0) throw new ArgumentException($"--devices {spec}: empty entry in the list");
            var device = ParseOne(spec, item);
            if (result.Any(d => d.Name == device.Name)) throw new ArgumentException($"--devices {spec}: {device.Name} is listed twice");
            if (device.TorchDevice.type == DeviceType.CUDA && device.TorchDevice.index >= cudaDevices)
                throw new ArgumentException(cudaDevices == 0
                    ? $"--devices {spec}: {device.Name} does not exist: CUDA is not available on this machine"
                    : $"--devices {spec}: {device.Name} does not exist: this machine has {cudaDevices} CUDA device(s) (cuda:0..cuda:{cudaDevices - 1})");
            result.Add(device);
        }
        return result;
    }

    private static DeviceSpec ParseOne(string spec, string item)
    {
        var parts = item.Split(':');
        var kind = parts[0].Trim().ToLowerInvariant();
        int index = 0;
        if (parts.Length > 2 || (parts.Length == 2 && (!int.TryParse(parts[1], out index) || index < 0)))
            throw new ArgumentException($"--devices {spec}: '{item}' is not a device (expected cpu, cpu:N, cuda or cuda:N)");
        return kind switch
        {
            // CPU replicas are threads, not hardware: the index only names the replica (and its trace track).
            "cpu" => new DeviceSpec($"cpu:{index}", torch.CPU),
            "cuda" => new DeviceSpec($"cuda:{index}", new Device(DeviceType.CUDA, index)),
            _ => throw new ArgumentException($"--devices {spec}: unknown device type '{parts[0]}' in '{item}' (expected cpu or cuda)"),
        };
    }
}
