using Trainer.Coordinator.Book;
using System.Diagnostics;
using System.Text;
using Trainer.Coordinator.Cluster;
using Trainer.Coordinator.DataParallel;
using Trainer.Coordinator.Training;
using Trainer.Shared.Data;
using Trainer.Shared.Telemetry;
using Trainer.Shared.Wire;
using Trainer.Worker;

namespace Trainer.Coordinator.Bench;

/// <summary>
/// The cluster rows of `trainer bench scaling` (system trainer-cluster, mode ps): this process
/// is the coordinator (<see cref="ClusterHost"/> on a free loopback port, --insecure: one
/// machine) and <see cref="Workers"/> `worker` processes of one CPU device each join it: this same
/// executable (<see cref="SelfCommand"/>) given the workload's job options, so they build the same job;
/// the coordinator sums, steps and serves the weights, the workers compute over Akka and gRPC.
/// Same model, loss, optimizer, seed and batch order as the embedded rows. Its result's
/// <see cref="ScalingResult.Transfer"/> is what the tensor service measured over the timed steps.
/// </summary>
internal sealed class ClusterScaling : IScalingRunner
{
    public const int Workers = 2;
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromMinutes(2);

    private readonly ClusterHost host;
    private readonly List<(Process Process, StringBuilder Output)> workers;
    private readonly TrainerScaling.Runner steps;
    private (long Bytes, double Seconds, long DeviceSteps) afterWarmup;

    private ClusterScaling(ClusterHost host, List<(Process, StringBuilder)> workers, TrainerScaling.Runner steps)
    {
        this.host = host;
        this.workers = workers;
        this.steps = steps;
    }

    /// <summary>With the transfer figures of the steps timed so far (after the warm-up).</summary>
    public ScalingResult Config
    {
        get
        {
            var now = host.Ledger.Totals();
            var deviceSteps = now.DeviceSteps - afterWarmup.DeviceSteps;
            return deviceSteps == 0 ? steps.Config : steps.Config with
            {
                Transfer = new TransferFigures(1000 * (now.Seconds - afterWarmup.Seconds) / deviceSteps, (double)(now.Bytes - afterWarmup.Bytes) / deviceSteps),
            };
        }
    }

    /// <param name="data">The workload's training data in this process (the coordinator gathers nothing from it but its count and signature).</param>
    public static ClusterScaling Start(ScalingWorkload workload, IBatchSource data, SelfCommand self, int batch, int warmup)
    {
        var port = LoopbackPorts.FreePair();
        // The workers build the job from their own arguments (--hidden, --data for the book's MLP), as any job's workers do.
        var job = workload.Build();
        JobSpec spec;
        if (workload.Job is null)
        {
            // The MLP cells train on Fashion-MNIST held as one tensor; the workers read the job's own
            // source (FashionMnistSource): sign with that one's fingerprint, as `trainer coordinator` does.
            var source = job.TrainData();
            try { spec = Trainer.Worker.Jobs.JobSignature.Of(job, source); }
            finally { (source as IDisposable)?.Dispose(); }
        }
        else spec = Trainer.Worker.Jobs.JobSignature.Of(job, data);
        var directory = new WorkerDirectory(spec);
        var trace = new TraceRecorder();
        var host = ClusterHost.Start(new Endpoint("127.0.0.1", port), null, directory, ModelValues(job), trace, _ => { });
        var workers = new List<(Process, StringBuilder)>();
        DataParallelTrainer? dp = null;
        try
        {
            for (var i = 0; i < Workers; i++) workers.Add(StartWorker(self, port, workload.Arguments));
            host.WaitForWorkers(Workers, JoinTimeout);
            var (specs, remote, _) = host.CloseJoining();
            torch.manual_seed(0);
            dp = DataParallelTrainer.Create(new DataParallelOptions(job.Model, job.Loss, job.Optimizer, specs, data,
                DataParallelMode.ParameterServer, trace, Remote: remote));
            var runner = new ClusterScaling(host, workers,
                new TrainerScaling.Runner(dp, ScalingResult.Of(ScalingSystems.TrainerCluster, "ps", Workers, workload, batch), data.Count, batch));
            runner.Run(warmup);
            runner.afterWarmup = host.Ledger.Totals();
            return runner;
        }
        catch (TimeoutException e)
        {
            var output = string.Join("\n", workers.Select(w => w.Item2.ToString().Trim()));
            Stop(dp, host, workers);
            throw new InvalidOperationException($"the cluster rows' workers did not join: {e.Message}; their output: {output}", e);
        }
        catch
        {
            Stop(dp, host, workers);
            throw;
        }
    }

    public double Run(int count) => steps.Run(count);

    public void Dispose() => Stop(steps, host, workers);

    /// <summary>The trainer, then the host (which tells the workers the job is done), then the worker processes: bounded, killed if they linger.</summary>
    private static void Stop(IDisposable? trainer, ClusterHost host, List<(Process Process, StringBuilder Output)> workers)
    {
        trainer?.Dispose();
        host.Dispose();
        foreach (var (process, _) in workers)
        {
            if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                try { process.Kill(entireProcessTree: true); }
                catch (InvalidOperationException) { } // it ended meanwhile
                process.WaitForExit(TimeSpan.FromSeconds(10));
            }
            process.Dispose();
        }
    }

    /// <summary>`&lt;this executable&gt; worker --join 127.0.0.1:PORT --insecure --devices cpu:0 &lt;the job's options&gt;`, its output kept for an error message.</summary>
    private static (Process, StringBuilder) StartWorker(SelfCommand self, int port, IReadOnlyList<string> jobArguments)
    {
        var start = self.Start(["worker", "--join", $"127.0.0.1:{port}", "--insecure", "--devices", "cpu:0", .. jobArguments]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        // One intra-op thread, as each embedded replica has: the device actor sets it on its thread too.
        start.Environment["OMP_NUM_THREADS"] = "1";
        start.Environment["MKL_NUM_THREADS"] = "1";
        var output = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a `trainer worker` for the cluster rows");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (process, output);
    }

    private static long ModelValues(TrainingJob job)
    {
        using var model = job.Model();
        using var parameters = new ParameterSet(model);
        return parameters.Numel;
    }
}
