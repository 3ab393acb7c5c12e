using System.CommandLine;
using Trainer.Coordinator.Cluster;
using Trainer.Coordinator.Training;
using Trainer.Shared;
using Trainer.Shared.Wire;

namespace Trainer.Coordinator.Cli;

/// <summary>`trainer coordinator`: the cluster's seed node and tensor service; trains on the workers' devices.</summary>
internal static class CoordinatorCommand
{
    internal static Command Create(App.JobSource job)
    {
        var listen = new Option<string>("--listen") { Description = "HOST:PORT to listen on: Akka.Remote (cluster membership and control messages) on PORT, the gRPC tensor service on PORT+1. Workers --join the same HOST:PORT.", Required = true };
        var credentials = new Option<string?>("--credentials") { Description = "The cluster credential (from `trainer cert`): mutual TLS on both ports, only holders of the same credential may join." };
        var insecure = new Option<bool>("--insecure") { Description = "No TLS: anyone who reaches the ports can join (one machine only)." };
        var minWorkers = new Option<int>("--min-workers") { Description = "Workers to wait for before the first step.", DefaultValueFactory = _ => 1 };
        var workerTimeout = new Option<double>("--worker-timeout") { Description = "Seconds to wait for --min-workers workers before the first step, and again when every worker is lost mid-run, before giving up (with a checkpoint when --checkpoint-dir is given).", DefaultValueFactory = _ => 120 };
        var train = new TrainOptionSet(withDevices: false);
        var command = new Command("coordinator", "Coordinate a cluster run: the Akka.Cluster seed node (role coordinator) and the gRPC tensor service; "
            + "trains the job over every device of the workers that join (parameter-server mode); workers run the same executable with the same job options.") { listen, credentials, insecure, minWorkers, workerTimeout };
        train.AddTo(command);
        job.AddTo(command);
        command.SetAction(r => Run(() =>
        {
            var options = new CoordinatorOptions(Endpoint.Parse(r.GetValue(listen)!, "--listen"), r.GetValue(credentials), r.GetValue(insecure),
                r.GetValue(minWorkers), TimeSpan.FromSeconds(r.GetValue(workerTimeout)), train.Read(r));
            return (job.Build(r, options.Train.Seed), options);
        }));
        return command;
    }

    internal static int Run(Func<(TrainingJob Job, CoordinatorOptions Options)> read)
    {
        try
        {
            var (job, options) = read();
            var interactive = !Console.IsOutputRedirected && Spectre.Console.AnsiConsole.Profile.Capabilities.Interactive;
            if (interactive) SpectreProgress.Run(sink => CoordinatorRun.Run(job, options, sink));
            else CoordinatorRun.Run(job, options, new PlainProgress(Console.Out));
            return 0;
        }
        catch (Exception e) when (CommandErrors.IsRunFailure(e))
        {
            Console.Error.WriteLine($"trainer coordinator: {e.Message.ReplaceLineEndings(" ")}");
            return 1;
        }
    }
}
