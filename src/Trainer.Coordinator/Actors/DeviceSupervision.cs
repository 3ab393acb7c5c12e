namespace Trainer.Coordinator.Actors;

/// <summary>
/// How the coordinator supervises its device actors. Every failure stops the device; none is
/// restarted or resumed, and the coordinator re-plans the device's work over the survivors. It
/// hears of the failure as a message: <c>ShardFailed</c> from a device that failed in a step
/// (sent before the exception reaches this strategy), or <c>Terminated</c> (it watches every
/// device) for one that failed anywhere else.
/// </summary>
internal static class DeviceSupervision
{
    public static SupervisorStrategy Strategy { get; } = new OneForOneStrategy(Decide, loggingEnabled: false);

    private static Directive Decide(Exception failure) => failure switch
    {
        // The replica could not be built (the model factory threw, a CUDA device is missing):
        // a restart would run the same constructor into the same failure.
        ActorInitializationException => Directive.Stop,
        // A failure in forward, backward or an update: the replica may hold half-applied state,
        // and a restarted one would come back with freshly initialised weights that the others
        // do not have. Resume is no better: its weights are suspect. So it stops.
        _ => Directive.Stop,
    };
}
