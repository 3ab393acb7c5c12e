namespace Trainer.Coordinator.Actors;

/// <summary>A step found no live device left to work on: the run cannot go on with these devices (the cluster waits for workers to come back).</summary>
public sealed class AllDevicesFailedException(string message) : InvalidOperationException(message);
