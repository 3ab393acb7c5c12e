using System.CommandLine;
using Trainer.Coordinator.Training;

namespace Trainer.Coordinator.Cli;

/// <summary>
/// The harness's training options of `train`, shared with `coordinator` (which trains on its
/// workers' devices, so it has no --devices): one definition, so the two runs take the same
/// options with the same defaults, and the same options and seed give the same run. The job's
/// own options (the book's --model, --hidden, --lr, --data) come from the job (<see cref="App.JobSource"/>).
/// </summary>
internal sealed class TrainOptionSet
{
    private readonly Option<int> epochs = new("--epochs") { Description = "Passes over the training set.", DefaultValueFactory = _ => 10 };
    private readonly Option<int> batchSize = new("--batch-size") { Description = "Samples per step.", DefaultValueFactory = _ => 256 };
    private readonly Option<int> seed = new("--seed") { Description = "Seeds weight init and shuffling.", DefaultValueFactory = _ => 0 };
    private readonly Option<string> devices = new("--devices") { Description = "Devices to train on: auto (every CUDA device, else one CPU replica per core), cpu, or a list such as cpu:0,cpu:1 or cuda:0,cuda:1.", DefaultValueFactory = _ => "auto" };
    private readonly Option<string> mode = new("--mode") { Description = "With several devices: ps (parameter server) or allreduce.", DefaultValueFactory = _ => "ps" };
    private readonly Option<string> balance = new("--balance") { Description = "With several devices: even shards, or throughput (rows in proportion to each device's measured speed).", DefaultValueFactory = _ => "even" };
    private readonly Option<string?> outDir = new("--out") { Description = "Folder for model.pt (state_dict), summary.json and trace.json; refused at once if it cannot be written." };
    private readonly Option<int?> threads = new("--threads") { Description = "libtorch intra-op threads (default: libtorch's choice)." };
    private readonly Option<double> stepTimeout = new("--step-timeout")
    {
        Description = "With several devices: seconds a device may take to answer its share of a step before it is named (log and summary.json), "
            + "taken out of the run for good and its share recomputed on the others; 0: no deadline.",
        DefaultValueFactory = _ => 300,
    };
    private readonly Option<string?> checkpointDir = new("--checkpoint-dir") { Description = "Folder for checkpoints (model, optimizer state and progress), written atomically every --checkpoint-every steps; the last two are kept." };
    private readonly Option<int?> checkpointEvery = new("--checkpoint-every") { Description = "Applied steps between two checkpoints (with --checkpoint-dir)." };
    private readonly Option<string?> tensorBoard = new("--tensorboard") { Description = "Folder for TensorBoard event files: per step the loss and samples/s, per epoch the train and test figures and each device's phase times, the live worker count." };
    private readonly Option<string?> resume = new("--resume") { Description = "Continue from the newest complete checkpoint in this folder (a newer incomplete one is skipped with a warning)." };
    private readonly bool withDevices;

    public TrainOptionSet(bool withDevices) => this.withDevices = withDevices;

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { epochs, batchSize, seed, devices, outDir, threads, mode, balance, stepTimeout, checkpointDir, checkpointEvery, resume, tensorBoard })
            if (withDevices || o != devices) command.Options.Add(o);
    }

    public TrainOptions Read(ParseResult r) => new(r.GetValue(epochs), r.GetValue(batchSize), r.GetValue(seed),
        withDevices ? r.GetValue(devices)! : "auto", r.GetValue(outDir), r.GetValue(threads), r.GetValue(mode)!,
        Balance: r.GetValue(balance)!, StepTimeout: r.GetValue(stepTimeout),
        Checkpoints: Checkpoints.CheckpointOptions.From(r.GetValue(checkpointDir), r.GetValue(checkpointEvery), r.GetValue(resume)),
        TensorBoard: r.GetValue(tensorBoard));
}
