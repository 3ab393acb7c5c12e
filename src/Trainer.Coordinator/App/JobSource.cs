using System.CommandLine;

namespace Trainer.Coordinator.App;

/// <summary>
/// How every command of the app gets its job: the user's factory and the job's own options,
/// which each training command (train, coordinator, worker, bench) declares beside its own, so
/// that the job is rebuilt from the same arguments on every node.
/// </summary>
internal sealed class JobSource(Func<JobArguments, TrainingJob> factory, IReadOnlyList<Option> options, bool book = false)
{
    /// <summary>
    /// The `trainer` executable's own jobs (<see cref="Book.BookJobs"/>): `bench scaling` then
    /// measures the book's workloads (--hidden, --workloads) with its PyTorch peers; for any other
    /// job it measures that job.
    /// </summary>
    public bool IsBook { get; } = book;

    /// <summary>A job that reads no options.</summary>
    public static JobSource Fixed(TrainingJob job) => new(_ => job, []);

    public IReadOnlyList<Option> Options { get; } = options;

    public void AddTo(Command command)
    {
        foreach (var o in Options) command.Options.Add(o);
    }

    /// <summary>The job these arguments name, checked (an <see cref="ArgumentException"/> names what is wrong).</summary>
    public TrainingJob Build(ParseResult? parsed, int seed)
    {
        var job = factory(new JobArguments(parsed, seed)) ?? throw new ArgumentException("the job factory returned no job");
        job.Validate();
        return job;
    }
}
