namespace Trainer.Coordinator.Bench;

/// <summary>This process's resident set size, read from /proc/self/status (Linux).</summary>
public static class ProcessMemory
{
    /// <summary>VmRSS in bytes; native (libtorch) allocations included, unlike the GC's figures.</summary>
    public static long RssBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var parts = line["VmRSS:".Length..].Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[1] == "kB" && long.TryParse(parts[0], out var kb)) return kb * 1024;
            throw new InvalidDataException($"/proc/self/status: unexpected VmRSS line '{line}'");
        }
        throw new InvalidDataException("/proc/self/status has no VmRSS line (not Linux?)");
    }
}
