using System.Diagnostics;
using System.Text.Json;
using Trainer.Collectives.Peer;
using Trainer.Torch;

// Runs one scenario as one rank and prints exactly one JSON object on stdout: the values it
// saw (for the test to check) or the error it met. Exit code 0 = ran to the end, 1 = error.
var options = PeerOptions.Parse(args);

// Start-up (runtime, JIT, libtorch) can take seconds on a loaded machine. The test starts all
// ranks, waits until each says "ready", then releases them together with "go", so the group's
// timeout measures the collectives, not how late a process was scheduled.
using (torch.zeros(1)) { }
Console.WriteLine("ready");
if (Console.ReadLine() != "go") return 2;

var clock = Stopwatch.StartNew();
var report = new Dictionary<string, object?> { ["rank"] = options.Rank, ["world"] = options.World };
var exitCode = 0;
var liveBefore = Tensor.LiveCount;
try
{
    using var pg = torch.distributed.init_process_group("gloo", options.Rank, options.World, "127.0.0.1", options.Port,
        TimeSpan.FromMilliseconds(options.TimeoutMs));
    switch (options.Scenario)
    {
        case "collectives":
            Scenarios.Collectives(pg, report);
            break;
        case "stall":
            Scenarios.Stall(pg, options.TimeoutMs, report);
            break;
        case "bench":
            Bench.Run(pg, options.Hidden, options.Iters, report);
            break;
        case "init":
            break;
        default:
            throw new ArgumentException($"unknown scenario '{options.Scenario}'");
    }
}
catch (Exception e)
{
    report["error"] = e.Message;
    report["error_type"] = e.GetType().Name;
    exitCode = 1;
}
report["elapsed_ms"] = clock.ElapsedMilliseconds;
// Every tensor a scenario made lives in its dispose scope: nothing may be left behind.
report["live_tensors_leaked"] = Tensor.LiveCount - liveBefore;
Console.WriteLine(JsonSerializer.Serialize(report));
return exitCode;
