namespace Trainer.Shared.Actors;

/// <summary>
/// How a parent treats a failing child. Only one-for-one exists (each child is judged alone):
/// device actors are independent replicas, so one replica's failure says nothing about the others.
/// </summary>
public abstract class SupervisorStrategy
{
    /// <summary>
    /// Akka's default, written out: a child that cannot even start will not start better the
    /// second time, so it is stopped; any other exception is assumed to come from bad state,
    /// which a fresh instance clears, so the child is restarted (at most 10 times a minute,
    /// after which a child that keeps failing is stopped rather than spinning forever).
    /// </summary>
    public static SupervisorStrategy Default { get; } = new OneForOneStrategy(
        maxNrOfRetries: 10,
        withinTimeRange: TimeSpan.FromMinutes(1),
        decider: ex => ex is ActorInitializationException ? Directive.Stop : Directive.Restart);

    /// <summary>Always stop: for parents whose children must not outlive their first failure.</summary>
    public static SupervisorStrategy StoppingStrategy { get; } =
        new OneForOneStrategy(maxNrOfRetries: -1, withinTimeRange: Timeout.InfiniteTimeSpan, decider: _ => Directive.Stop);

    /// <summary>
    /// The directive for <paramref name="cause"/> raised by a child whose restart history is
    /// <paramref name="stats"/>. A Restart beyond the retry budget becomes Stop.
    /// </summary>
    internal abstract Directive Decide(Exception cause, ChildRestartStats stats, DateTime nowUtc);
}
