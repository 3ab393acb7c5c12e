namespace Trainer.Cluster.Tests.Support;

/// <summary>
/// The job options of a run's arguments (the book's --model, --hidden, --lr, and --seed), which
/// a worker needs too: it builds the job from its own arguments, as every torchrun node does.
/// </summary>
public static class JobArgs
{
    private static readonly string[] JobOptions = ["--model", "--hidden", "--lr", "--seed"];

    public static string[] Of(string[] training)
    {
        var job = new List<string>();
        for (var i = 0; i + 1 < training.Length; i++)
            if (JobOptions.Contains(training[i])) job.AddRange([training[i], training[i + 1]]);
        return job.ToArray();
    }
}
