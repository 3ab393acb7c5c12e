namespace Trainer.Torch;

/// <summary>
/// Where a tensor lives, as PyTorch's <c>torch.device</c>: <c>cpu</c> or <c>cuda:N</c>.
/// Index -1 means "the current device of that type", which for CPU is the only one.
/// </summary>
public sealed record Device(DeviceType type, int index = -1)
{
    public static readonly Device CPU = new(DeviceType.CPU);

    /// <summary>Parses "cpu", "cuda", "cuda:1" (as <c>torch.device(str)</c>).</summary>
    public Device(string spec) : this(Parse(spec).type, Parse(spec).index) { }

    public static Device Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var parts = spec.Trim().ToLowerInvariant().Split(':');
        var type = parts[0] switch
        {
            "cpu" => DeviceType.CPU,
            "cuda" => DeviceType.CUDA,
            _ => throw new ArgumentException($"unknown device type '{parts[0]}' in '{spec}' (expected cpu or cuda[:N])", nameof(spec)),
        };
        if (parts.Length == 1) return new Device(type);
        if (parts.Length != 2 || !int.TryParse(parts[1], out var index) || index < 0)
            throw new ArgumentException($"malformed device '{spec}' (expected cpu or cuda[:N])", nameof(spec));
        return new Device(type, index);
    }

    public override string ToString()
    {
        var name = type == DeviceType.CPU ? "cpu" : "cuda";
        return index < 0 ? name : $"{name}:{index}";
    }

    public static implicit operator Device(string spec) => Parse(spec);
}
