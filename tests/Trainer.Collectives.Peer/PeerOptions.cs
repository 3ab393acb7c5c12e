namespace Trainer.Collectives.Peer;

/// <summary>The peer's command line: <c>--rank R --world N --port P [--timeout-ms T] [--scenario S] [--hidden H --iters K]</c>.</summary>
internal sealed record PeerOptions(int Rank, int World, int Port, int TimeoutMs, string Scenario, int Hidden, int Iters)
{
    public static PeerOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"expected an option, got '{args[i]}'");
            values[args[i][2..]] = args[i + 1];
        }
        if (args.Length % 2 != 0) throw new ArgumentException($"option '{args[^1]}' has no value");
        int Int(string name, int? fallback = null) =>
            values.TryGetValue(name, out var v) ? int.Parse(v) : fallback ?? throw new ArgumentException($"--{name} is required");
        return new PeerOptions(Int("rank"), Int("world"), Int("port"), Int("timeout-ms", 30_000),
            values.GetValueOrDefault("scenario", "collectives"), Int("hidden", 256), Int("iters", 200));
    }
}
