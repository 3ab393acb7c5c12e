using System.CommandLine;

namespace Trainer;

/// <summary>
/// What a job factory may read from the command line: the values of the job's own options (as
/// declared to <see cref="TrainerApp.Run(string[], Func{JobArguments, TrainingJob}, Option[])"/>)
/// and the run's --seed. Every node parses the same arguments, so every node builds the same job.
/// </summary>
public sealed class JobArguments
{
    private readonly ParseResult? parsed;

    internal JobArguments(ParseResult? parsed, int seed)
    {
        this.parsed = parsed;
        Seed = seed;
    }

    /// <summary>The run's --seed (the harness also seeds the master's initial weights and the sample order with it).</summary>
    public int Seed { get; }

    /// <summary>The value of one of the job's options: as given, or its default.</summary>
    public T? Get<T>(Option<T> option) => parsed is null ? default : parsed.GetValue(option);
}
