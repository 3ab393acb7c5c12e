using System.CommandLine;
using System.Net;
using Trainer.Coordinator.App;
using Trainer.Shared.Security;
using Trainer.Shared.Wire;
using Trainer.Worker;
using Trainer.Worker.Node;

namespace Trainer.Coordinator.Cli;

/// <summary>
/// `worker`: joins a coordinator and trains the shards it is given on this machine's devices.
/// It builds the job itself, from this executable and its own job options, as every node of a
/// torchrun job runs the same script: the coordinator refuses it if its job differs.
/// </summary>
internal static class WorkerCommand
{
    internal static Command Create(JobSource job)
    {
        var join = new Option<string>("--join") { Description = "The coordinator's HOST:PORT (its --listen); the tensor service is on PORT+1.", Required = true };
        var credentials = new Option<string?>("--credentials") { Description = "The cluster credential (from `trainer cert`), the same file the coordinator has." };
        var insecure = new Option<bool>("--insecure") { Description = "No TLS (the coordinator must be --insecure too)." };
        var devices = new Option<string>("--devices") { Description = "Local devices to offer: cpu, a list such as cpu:0,cpu:1, or auto.", DefaultValueFactory = _ => "cpu:0" };
        var seed = new Option<int>("--seed") { Description = "The coordinator's --seed, for a job whose model reads it (the book's dynamic net).", DefaultValueFactory = _ => 0 };
        var host = new Option<string?>("--host") { Description = "The address this worker is reached on (default: 127.0.0.1 when joining a loopback coordinator, else this machine's name)." };
        var failAt = new Option<string?>("--fail-at")
        {
            Description = "TEST HOOK, not for real runs: DEVICE:STEP:POINT[:SECONDS] makes a local device fail at a step "
                + "(POINT forward, or hang: block inside forward for SECONDS, or until the worker exits), as the process tests need.",
            Hidden = true,
        };
        var command = new Command("worker", "Join a coordinator (the same executable, the same job options) and train on this machine's devices until the job ends (exit 0).")
            { join, credentials, insecure, devices, seed, host, failAt };
        job.AddTo(command);
        command.SetAction(r => Run(() => job.Build(r, r.GetValue(seed)), r.GetValue(join)!, r.GetValue(credentials), r.GetValue(insecure), r.GetValue(devices)!, r.GetValue(host), r.GetValue(failAt)));
        return command;
    }

    internal static int Run(Func<TrainingJob> buildJob, string join, string? credentials, bool insecure, string devices, string? host, string? failAt = null)
    {
        void Log(string line) => Console.WriteLine($"worker: {line}");
        try
        {
            var endpoint = Endpoint.Parse(join, "--join");
            using var credential = ClusterSecurity.Resolve(credentials, insecure);
            var specs = DeviceSpecs.Parse(devices);
            var failure = failAt is null ? null : FailureInjection.Parse(failAt);
            if (failure is not null && specs.All(d => d.Name != failure.Device))
                throw new ArgumentException($"--fail-at {failAt}: {failure.Device} is not one of this worker's devices ({string.Join(",", specs)})");
            if (failure is not null) Log($"TEST HOOK: {failure.Device} will {(failure.Point == FailurePoint.Hang ? "hang in forward" : $"fail at {failure.Point.ToString().ToLowerInvariant()}")} at step {failure.Step}");
            var job = buildJob();
            JoinHost.WaitUntilResolved(endpoint.Host, Log);
            host ??= IPAddress.TryParse(endpoint.Host, out var ip) && IPAddress.IsLoopback(ip) || endpoint.Host == "localhost" ? "127.0.0.1" : Dns.GetHostName();
            return WorkerNode.Run(new WorkerNodeOptions(endpoint, host, credential, specs, job, Log, Failure: failure, UploadDelay: TestHooks.UploadDelay()));
        }
        catch (Exception e) when (CommandErrors.IsRunFailure(e))
        {
            Console.Error.WriteLine($"trainer worker: {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }
}
